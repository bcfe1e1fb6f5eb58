import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../src-main/app/library/index.js';
import { probeMedia } from '../../src-main/engine/media/probe.js';
import { LIP_SYNC_TARGETS } from '../../src-shared/lip-sync-targets.js';
import type { RenderReport } from '../../src-shared/report.js';
import { runCli } from '../support/cli.js';
import { fixture, tempDir } from '../support/fixtures.js';
import { frameAt, isFaststart, makeWav } from '../support/media.js';
import { grantPlanInDataFolder } from '../support/plans.js';

const work = tempDir('tp-cli-');
afterAll(() => work.cleanup());
// This file renders more than the free plan's three videos a month, and unmarked: its
// data folder holds a Pro plan. The free plan's rules have their own folder below.
beforeAll(() => grantPlanInDataFolder('pro'));

const SCRIPT = 'Hello there. I am a photo, and now I can talk to you.';
/** The same, with a sentence full of p, b and m: lips that must shut, heard as stops in the sound. */
const LABIAL_SCRIPT = `${SCRIPT} Maybe Bob can help me put up my best picture.`;

describe('tp render (CLI)', () => {
  it('renders a talking MP4, the enhanced photo and a report from a photo and a script', async () => {
    const out = path.join(work.dir, 'obama');
    const result = await runCli(['render', '--photo', fixture('portrait-obama.jpg'), '--script', SCRIPT, '--out', out, '--size', '360x640', '--json']);
    expect(result.stderr).not.toMatch(/Something went wrong/);
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['enhanced.jpg', 'report.json', 'video.mp4']);

    const report = JSON.parse(result.stdout) as RenderReport;
    expect(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'))).toEqual(report);
    expect(report.stages.map((s) => s.stage)).toEqual(['intake', 'face', 'enhance', 'voice', 'animate', 'verify']);
    expect(report.tools.ffmpeg.source).toMatch(/env|ffmpeg-static|@ffmpeg-installer\/ffmpeg|PATH/);
    expect(report.tools.tts?.name).toBe('espeak-ng');

    const video = path.join(out, 'video.mp4');
    const probe = await probeMedia(video);
    const v = probe.streams.find((s) => s.codecType === 'video')!;
    const a = probe.streams.find((s) => s.codecType === 'audio')!;
    expect(v).toMatchObject({ codecName: 'h264', pixFmt: 'yuv420p', width: 360, height: 640 });
    expect(v.fps).toBeCloseTo(25, 3);
    expect(a).toMatchObject({ codecName: 'aac', sampleRate: 48000 });
    expect(Math.abs(probe.durationS - report.voice.durationS)).toBeLessThanOrEqual(0.1);
    expect(isFaststart(video)).toBe(true);

    const enhanced = await sharp(path.join(out, 'enhanced.jpg')).metadata();
    expect(enhanced.exif).toBeUndefined();
    expect(enhanced.icc).toBeUndefined();
  });

  it("animates to the creator's own recording", async () => {
    const speech = path.join(work.dir, 'speech');
    const first = await runCli(['render', '--photo', fixture('rgba-speaker.png'), '--script', LABIAL_SCRIPT, '--out', speech, '--size', '256x448', '--no-verify']);
    expect(first.code).toBe(0);
    // Re-use the rendered MP4 as "a recording": an AAC track inside an MP4 container.
    const out = path.join(work.dir, 'own-voice');
    const result = await runCli(['render', '--photo', fixture('portrait-biden-tall.jpg'), '--audio', path.join(speech, 'video.mp4'), '--out', out, '--size', '256x448', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as RenderReport;
    expect(report.voice.source).toBe('recording');
    expect(report.input.audio?.name).toBe('video.mp4');
    expect(report.tools.tts).toBeUndefined();
    const probe = await probeMedia(path.join(out, 'video.mp4'));
    expect(Math.abs(probe.durationS - report.voice.durationS)).toBeLessThanOrEqual(0.1);
    // No words given: the phones are estimated from the audio alone, and the rendered mouth
    // (tracked on the frames) shuts on the p/b/m the estimate found and opens on its vowels.
    const visemes = report.quality.visemes!;
    expect(visemes.method).toBe('acoustic');
    // Guessed closures are judged only where the sound shows a stop (a dip, then a burst):
    // this script has eleven p/b/m, of which the estimate finds and hears five (2026-12: the
    // first sentence alone gave three, then two once the voice's sound changed slightly).
    expect(visemes.closure.phones).toBeGreaterThanOrEqual(3);
    expect(visemes.closure.share).toBeGreaterThanOrEqual(LIP_SYNC_TARGETS.closureShare);
    expect(visemes.openVsClosed.ratio).toBeGreaterThanOrEqual(LIP_SYNC_TARGETS.openToClosed);
  });

  it('moves only the face: pixels outside the animated region stay the photo', async () => {
    const out = path.join(work.dir, 'biden');
    const result = await runCli(['render', '--photo', fixture('portrait-biden-tall.jpg'), '--script', SCRIPT, '--out', out, '--size', '360x640', '--no-verify', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as RenderReport;
    const video = path.join(out, 'video.mp4');
    const first = await frameAt(video, 2, 360, 640);
    const later = await frameAt(video, report.output.frames - 10, 360, 640);
    const r = report.animation.region;
    let outside = 0;
    let outsideN = 0;
    let inside = 0;
    let insideN = 0;
    for (let y = 0; y < 640; y++) {
      for (let x = 0; x < 360; x++) {
        const p = (y * 360 + x) * 3;
        const d = Math.abs(first[p]! - later[p]!) + Math.abs(first[p + 1]! - later[p + 1]!) + Math.abs(first[p + 2]! - later[p + 2]!);
        const margin = 4;
        const isInside = x >= r.x - margin && x < r.x + r.width + margin && y >= r.y - margin && y < r.y + r.height + margin;
        if (isInside) {
          inside += d;
          insideN++;
        } else {
          outside += d;
          outsideN++;
        }
      }
    }
    // Away from the face only encoder noise differs; the face itself moves visibly.
    expect(outside / outsideN).toBeLessThan(1.5);
    expect(inside / insideN).toBeGreaterThan(outside / outsideN);
  });
});

/** Mean colour difference between two RGB frames inside a box. */
function difference(a: Buffer, b: Buffer, width: number, box: { x: number; y: number; width: number; height: number }): number {
  let sum = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      const i = (y * width + x) * 3;
      sum += Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!);
    }
  }
  return sum / (box.width * box.height * 3);
}

/** The month's counted videos in a data folder's library, as the plan counts them. */
function countedVideos(dataDir: string): Array<{ projectId: string | null; details: string | null }> {
  const library = openLibrary({ dataDir });
  try {
    return library.sqlite.prepare("SELECT project_id AS projectId, details FROM usage_events WHERE kind = 'project_created' ORDER BY id").all() as Array<{
      projectId: string | null;
      details: string | null;
    }>;
  } finally {
    library.close();
  }
}

describe('tp render and tp demo under the plan, like the app', () => {
  const W = 256;
  const H = 448;
  const free = path.join(work.dir, 'free-data');

  it('on the free plan the video carries the mark and counts as one of the month’s three in the library; the fourth is refused and writes nothing', async () => {
    const args = (out: string) => ['render', '--photo', fixture('portrait-obama.jpg'), '--script', 'Half price this week.', '--out', out, '--size', `${W}x${H}`, '--no-verify'];
    const [marked, plain] = await Promise.all([
      runCli(args(path.join(work.dir, 'free-1')), { env: { TALKINGPHOTO_DATA_DIR: free } }),
      // The same render on this file's Pro library: no mark.
      runCli(args(path.join(work.dir, 'pro-1'))),
    ]);
    expect(marked.code, marked.stderr).toBe(0);
    expect(plain.code, plain.stderr).toBe(0);
    expect(marked.stdout).toMatch(/Free plan: video 1 of 3 this month, with the small TalkingPhoto mark/);
    expect(plain.stdout).not.toMatch(/mark/);
    expect(countedVideos(free)).toEqual([{ projectId: null, details: JSON.stringify({ via: 'tp render' }) }]);

    // The mark is drawn into the picture, top left, and the face is left alone.
    const a = await frameAt(path.join(work.dir, 'pro-1', 'video.mp4'), 5, W, H);
    const b = await frameAt(path.join(work.dir, 'free-1', 'video.mp4'), 5, W, H);
    const corner = { x: Math.round(W * 0.03), y: Math.round(H * 0.03), width: Math.round(W * 0.4), height: Math.round(H * 0.04) };
    const box = (JSON.parse(readFileSync(path.join(work.dir, 'free-1', 'report.json'), 'utf8')) as RenderReport).face.boxInVideo;
    const face = { x: Math.round(box.x), y: Math.round(box.y + box.height * 0.3), width: Math.round(box.width), height: Math.round(box.height * 0.5) };
    const inFace = difference(a, b, W, face);
    expect(inFace).toBeLessThan(4);
    expect(difference(a, b, W, corner)).toBeGreaterThan(Math.max(8, 4 * inFace));

    // Two more this month, made in the app: the allowance is shared.
    const library = openLibrary({ dataDir: free });
    try {
      for (let i = 0; i < 2; i++) library.sqlite.prepare("INSERT INTO usage_events (kind, cost_usd, created_at) VALUES ('project_created', 0, ?)").run(Date.now());
    } finally {
      library.close();
    }
    for (const refused of [args(path.join(work.dir, 'free-4')), ['demo', '--out', path.join(work.dir, 'free-4'), '--no-kit']]) {
      const fourth = await runCli(refused, { env: { TALKINGPHOTO_DATA_DIR: free } });
      expect(fourth.code).toBe(2);
      expect(fourth.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^Your free plan's 3 videos for this month are made: upgrade in Settings, Account, or wait until \d{4}-\d{2}-01\. Your draft is kept\.$/),
      ]);
      expect(existsSync(path.join(work.dir, 'free-4'))).toBe(false);
      expect(readdirSync(work.dir).filter((f) => f.includes('tp-staging'))).toEqual([]);
    }
    expect(countedVideos(free)).toHaveLength(3);
  });

  it('a render that fails gives its video back: bad input on the free plan counts nothing', async () => {
    const data = path.join(work.dir, 'free-bad');
    const result = await runCli(['render', '--photo', path.join(work.dir, 'nope.jpg'), '--script', SCRIPT, '--out', path.join(work.dir, 'never')], { env: { TALKINGPHOTO_DATA_DIR: data } });
    expect(result.code).toBe(2);
    expect(countedVideos(data)).toEqual([]);
  });
});

describe('tp render refuses bad input with one sentence, exit 2 and nothing written', () => {
  const cases: Array<{ name: string; args: (dir: string) => Promise<string[]> | string[]; message: RegExp }> = [
    {
      name: 'a text file renamed .jpg',
      args: async (dir) => {
        const fake = path.join(dir, 'notes.jpg');
        await import('node:fs/promises').then((fs) => fs.writeFile(fake, 'this is not a photo\n'));
        return ['--photo', fake, '--script', SCRIPT];
      },
      message: /not a photo|not an image|JPEG/i,
    },
    { name: 'a missing photo', args: (dir) => ['--photo', path.join(dir, 'nope.jpg'), '--script', SCRIPT], message: /could not be found|not found/i },
    {
      name: 'a photo without a face',
      args: async (dir) => {
        const file = path.join(dir, 'sky.png');
        await sharp({ create: { width: 400, height: 300, channels: 3, background: '#6a8fc0' } })
          .png()
          .toFile(file);
        return ['--photo', file, '--script', SCRIPT];
      },
      message: /No face was found/,
    },
    { name: 'an empty script', args: () => ['--photo', fixture('portrait-obama.jpg'), '--script', '   '], message: /script/i },
    { name: 'a script over 5000 characters', args: () => ['--photo', fixture('portrait-obama.jpg'), '--script', 'a'.repeat(5001)], message: /5[,.]?000/ },
    { name: 'an unknown language', args: () => ['--photo', fixture('portrait-obama.jpg'), '--script', SCRIPT, '--lang', 'xx'], message: /language/i },
    {
      name: 'a silent recording',
      args: async (dir) => {
        const wav = path.join(dir, 'silence.wav');
        await makeWav(wav, 3, 'silence');
        return ['--photo', fixture('portrait-obama.jpg'), '--audio', wav];
      },
      message: /silent|no voice|nothing to hear/i,
    },
    {
      name: 'both a script and a recording',
      args: async (dir) => {
        const wav = path.join(dir, 'tone.wav');
        await makeWav(wav, 2, 'tone');
        return ['--photo', fixture('portrait-obama.jpg'), '--audio', wav, '--script', SCRIPT];
      },
      message: /either --script or --audio/,
    },
    { name: 'an odd frame size', args: () => ['--photo', fixture('portrait-obama.jpg'), '--script', SCRIPT, '--size', '361x640'], message: /width/i },
    { name: 'a plan asked for on the command line', args: () => ['--photo', fixture('portrait-obama.jpg'), '--script', SCRIPT, '--tier', 'enterprise'], message: /--tier prices a --dry-run/ },
  ];

  it.each(cases)('$name', async ({ args, message }) => {
    const dir = path.join(work.dir, `bad-${Math.random().toString(36).slice(2)}`);
    await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
    const out = path.join(dir, 'out');
    const result = await runCli(['render', ...(await args(dir)), '--out', out]);
    expect(result.code).toBe(2);
    const lines = result.stderr
      .trim()
      .split('\n')
      .filter((l) => !/…$/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('tp-staging'))).toEqual([]);
  });

  // A mistyped option is refused before the face model's thread, the engine or the library
  // load: no more CPU than printing the help (before: 1.8 CPU-s against the help's 1.0, the
  // face model booted first).
  // Each is timed twice and the less is kept: beside the rest of the suite on two cores, one
  // run's CPU time grows with the load (a CI run read 1.72 CPU-s against the help's 1.28,
  // where alone they read 1.2–1.3 against 1.0–1.2).
  it.runIf(process.platform === 'linux')('refuses an odd frame size for no more CPU than tp --help takes', async () => {
    const leastCpu = async (args: string[]) => {
      const runs = [await runCli(args, { cpu: true }), await runCli(args, { cpu: true })];
      return { ...runs[1]!, cpuS: Math.min(...runs.map((r) => r.cpuS!)) };
    };
    const help = await leastCpu(['--help']);
    const refused = await leastCpu(['render', '--photo', fixture('portrait-obama.jpg'), '--script', SCRIPT, '--size', '361x640', '--out', path.join(work.dir, 'never-odd')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/width/i);
    expect(help.cpuS).toBeGreaterThan(0);
    expect(refused.cpuS).toBeLessThanOrEqual(help.cpuS + 0.4);
  });
});
