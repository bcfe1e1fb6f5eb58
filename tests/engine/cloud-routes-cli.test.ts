import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderReport } from '../../src-shared/report.js';
import { execFileSync } from 'node:child_process';
import { probeMedia } from '../../src-main/engine/media/probe.js';
import { mediaTools } from '../../src-main/engine/media/ffmpeg.js';
import { renderProject } from '../../src-main/engine/pipeline/render-project.js';
import { startDidFake, type DidFake } from '../fakes/did-fake.js';
import { startElevenLabsFake, type ElevenLabsFake } from '../fakes/elevenlabs-fake.js';
import { startGoogleFake, type GoogleFake } from '../fakes/google-fake.js';
import { runCli } from '../support/cli.js';
import { grantPlanInDataFolder } from '../support/plans.js';
import { fixture, tempDir } from '../support/fixtures.js';
import { FAKE_KEY } from '../support/provider-doubles.js';

/**
 * `tp render` with a cloud photo editor, end to end: a real child process, the Gemini
 * adapter, a fake Gemini API on 127.0.0.1 (reached through the base-URL override) and a
 * library of its own. The local engine ends every chain.
 */

const work = tempDir('tp-cloud-cli-');
let fake: GoogleFake;
let did: DidFake;
let voice: ElevenLabsFake;
const SPOKEN = 'Half price this week, only in store.';
const DID_KEY = 'user@example.com:tpk-did-5e4d3c2b1a09f8e7';

beforeAll(async () => {
  fake = await startGoogleFake({ apiKey: FAKE_KEY });
  did = await startDidFake({ apiKey: DID_KEY, video: await talkingClip('did-talk'), pollsBeforeEnd: 0 });
  // As long as the fake's alignment says the words take (0.06 s a character).
  // Bursts of tone with pauses between, so the voice loader hears speech and not a hum.
  const mp3 = path.join(work.dir, 'voice.mp3');
  const seconds = ([...SPOKEN].length * 0.06).toFixed(2);
  execFileSync(mediaTools().ffmpeg.path, [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `aevalsrc=0.6*sin(2*PI*220*t)*gt(mod(t\\,0.4)\\,0.12):s=22050:d=${seconds}`,
    '-c:a',
    'libmp3lame',
    '-b:a',
    '64k',
    mp3,
  ]);
  voice = await startElevenLabsFake({ apiKey: FAKE_KEY, audio: readFileSync(mp3) });
}, 240_000);
afterAll(async () => {
  await fake.close();
  await did.close();
  await voice.close();
  work.cleanup();
});

/**
 * What D-ID "renders" when it works: a talking head saying our script in our voice (the
 * local engine's own render of it). A provider's video is judged by the same measures as
 * ours (issue 15): lips on p/b/m, open vowels, timing against the words, a living head.
 */
async function talkingClip(name: string): Promise<Buffer> {
  const outDir = path.join(work.dir, name);
  await renderProject({ photoPath: fixture('portrait-obama.jpg'), script: SPOKEN, outDir, width: 256, height: 448, verify: false });
  return readFileSync(path.join(outDir, 'video.mp4'));
}

/**
 * What a failing D-ID "renders": the portrait itself, so the face is where a real talk puts it,
 * swaying gently (a real talking head moves) or, with `moving` false, frozen still.
 */
function portraitClip(name: string, moving: boolean): Buffer {
  const clip = path.join(work.dir, name);
  const motion = moving ? ',rotate=0.04*sin(2*PI*t)' : '';
  execFileSync(mediaTools().ffmpeg.path, [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-loop',
    '1',
    '-i',
    fixture('portrait-obama.jpg'),
    '-f',
    'lavfi',
    '-i',
    'anullsrc=r=48000:cl=mono',
    '-t',
    '4',
    '-vf',
    `scale=512:-2${motion},format=yuv420p`,
    '-c:v',
    'libx264',
    '-c:a',
    'aac',
    '-shortest',
    clip,
  ]);
  return readFileSync(clip);
}

function env(dataDir: string): NodeJS.ProcessEnv {
  return {
    TALKINGPHOTO_DATA_DIR: dataDir,
    TALKINGPHOTO_GEMINI_IMAGE_API_KEY: FAKE_KEY,
    TALKINGPHOTO_GEMINI_IMAGE_BASE_URL: fake.url,
  };
}

const render = (out: string, dataDir: string, ...extra: string[]) =>
  runCli(['render', '--photo', fixture('portrait-obama.jpg'), '--script', 'Half price this week.', '--out', out, '--size', '256x448', '--no-verify', '--json', ...extra], { env: env(dataDir) });

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('tp render with cloud routes', () => {
  it('enhances the photo with the cloud editor, records the attempt and its cost, and keeps the key out of every file', async () => {
    const data = path.join(work.dir, 'data-1');
    const out = path.join(work.dir, 'out-1');
    const result = await render(out, data);
    expect(result.stderr).not.toMatch(/Something went wrong/);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as RenderReport;
    expect(report.providers?.used).toEqual({ image: 'gemini-image', speech: 'local', video: 'local' });
    const attempt = report.providers!.attempts.find((a) => a.provider === 'gemini-image')!;
    expect(attempt).toMatchObject({ capability: 'image_enhancement', outcome: 'succeeded', retries: 0, estimatedCostUsd: 0.039, chargedUsd: 0.039 });
    expect(report.providers!.spentUsd).toBeCloseTo(0.039, 6);
    // The photo really went to the editor, with the key in its header only.
    const sent = fake.server.sent('POST', /:generateContent$/).at(-1)!;
    expect(sent.headers['x-goog-api-key']).toBe(FAKE_KEY);
    expect(sent.path).not.toContain(FAKE_KEY);

    for (const file of [...filesUnder(out), ...filesUnder(data)]) expect(readFileSync(file).includes(FAKE_KEY), file).toBe(false);
    expect(result.stdout + result.stderr).not.toContain(FAKE_KEY);
  });

  it('falls back to this computer when the editor keeps failing, after bounded retries, and says why it moved on', async () => {
    const data = path.join(work.dir, 'data-2');
    const out = path.join(work.dir, 'out-2');
    // More failures than the router will ever ask for: it must stop after one call and three retries.
    fake.server.failNext(10, { status: 503, json: { error: { code: 503, message: 'overloaded', status: 'UNAVAILABLE' } } }, (r) => r.path.endsWith(':generateContent'));
    const before = fake.server.sent('POST', /:generateContent$/).length;
    const result = await render(out, data, '--route', 'gemini-image');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as RenderReport;
    expect(report.providers?.used.image).toBe('local');
    const failed = report.providers!.attempts.find((a) => a.provider === 'gemini-image')!;
    expect(failed).toMatchObject({ outcome: 'failed', reason: 'transient', retries: 3, chargedUsd: 0 });
    expect(failed.message).toMatch(/Gemini/);
    // One call and three retries: never more.
    expect(fake.server.sent('POST', /:generateContent$/).length - before).toBe(4);
    expect(report.quality.image.after).toBeGreaterThan(0);
    fake.server.calm();
  });

  it('moves on when the edited photo scores under 7.0, and keeps the photo as taken', async () => {
    fake.settings.image = 'low_quality';
    try {
      const result = await render(path.join(work.dir, 'out-weak'), path.join(work.dir, 'data-weak'), '--route', 'gemini-image');
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout) as RenderReport;
      expect(report.providers?.used.image).toBe('local');
      expect(report.providers!.attempts.find((a) => a.provider === 'gemini-image')).toMatchObject({ outcome: 'low_quality', message: expect.stringMatching(/below the 7\.0/) });
      // The 64×64 grey answer never became the photo.
      expect(report.input.photo.width).toBeGreaterThan(64);
      expect(report.face.confidence).toBeGreaterThan(0.5);
    } finally {
      fake.settings.image = 'edited';
    }
  });

  it('makes the talking video with a cloud provider given our photo and voice, and turns it into the master', async () => {
    const data = path.join(work.dir, 'data-video');
    const out = path.join(work.dir, 'out-video');
    // D-ID's price is over the free plan's budget for one video; the plan, never a flag, allows it.
    grantPlanInDataFolder('starter', data);
    const result = await runCli(
      ['render', '--photo', fixture('portrait-obama.jpg'), '--script', 'Half price this week, only in store.', '--out', out, '--size', '256x448', '--no-verify', '--json', '--route', 'd-id'],
      { env: { TALKINGPHOTO_DATA_DIR: data, TALKINGPHOTO_D_ID_API_KEY: DID_KEY, TALKINGPHOTO_D_ID_BASE_URL: did.url } },
    );
    expect(result.stderr).not.toMatch(/Something went wrong/);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as RenderReport;
    expect(report.providers?.used).toEqual({ image: 'local', speech: 'local', video: 'd-id' });
    expect(report.providers!.attempts.find((a) => a.provider === 'd-id')).toMatchObject({ capability: 'video_generation', outcome: 'succeeded', estimatedCostUsd: 0.5 });
    // D-ID got the enhanced photo and exactly our voice.
    expect(did.images).toHaveLength(1);
    expect(did.audios).toHaveLength(1);
    expect(did.audios[0]!.data.subarray(0, 4).toString('ascii')).toBe('RIFF');
    // The master is the render's frame and length, with our voice as its sound.
    const probe = await probeMedia(path.join(out, 'video.mp4'));
    expect(probe.streams.find((s) => s.codecType === 'video')).toMatchObject({ codecName: 'h264', width: 256, height: 448 });
    expect(probe.streams.find((s) => s.codecType === 'audio')).toMatchObject({ codecName: 'aac', sampleRate: 48000 });
    expect(Math.abs(probe.durationS - report.voice.durationS)).toBeLessThan(0.15);
    expect(report.face.boxInVideo.width).toBeGreaterThan(40);
  });

  it('speaks the script with the cloud voice, and the captions follow its word timings', async () => {
    const out = path.join(work.dir, 'out-voice');
    const result = await runCli(
      ['render', '--photo', fixture('portrait-obama.jpg'), '--script', SPOKEN, '--out', out, '--size', '256x448', '--no-verify', '--json', '--route', 'elevenlabs', '--platforms', 'tiktok'],
      { env: { TALKINGPHOTO_DATA_DIR: path.join(work.dir, 'data-voice'), TALKINGPHOTO_ELEVENLABS_API_KEY: FAKE_KEY, TALKINGPHOTO_ELEVENLABS_BASE_URL: voice.url } },
    );
    expect(result.stderr).not.toMatch(/Something went wrong/);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as RenderReport;
    expect(report.providers?.used.speech).toBe('elevenlabs');
    expect(report.voice.words.map((w) => w.text)).toEqual(SPOKEN.split(' '));
    expect(report.voice.words.at(-1)!.endS).toBeLessThanOrEqual(report.voice.durationS + 1e-6);
    const srt = readFileSync(path.join(out, 'kit', 'captions', 'captions.srt'), 'utf8');
    expect(srt).toMatch(/Half price this week/);
    expect(srt).not.toContain(FAKE_KEY);
  });

  it('moves on to this computer when the provider’s video is frozen, and records why', async () => {
    const still = await startDidFake({ apiKey: DID_KEY, video: portraitClip('did-frozen.mp4', false), pollsBeforeEnd: 0 });
    try {
      grantPlanInDataFolder('starter', path.join(work.dir, 'data-frozen'));
      const result = await runCli(
        [
          'render',
          '--photo',
          fixture('portrait-obama.jpg'),
          '--script',
          'Half price this week, only in store.',
          '--out',
          path.join(work.dir, 'out-frozen'),
          '--size',
          '256x448',
          '--no-verify',
          '--json',
          '--route',
          'd-id',
        ],
        { env: { TALKINGPHOTO_DATA_DIR: path.join(work.dir, 'data-frozen'), TALKINGPHOTO_D_ID_API_KEY: DID_KEY, TALKINGPHOTO_D_ID_BASE_URL: still.url } },
      );
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout) as RenderReport;
      expect(report.providers?.used.video).toBe('local');
      const weak = report.providers!.attempts.find((a) => a.provider === 'd-id')!;
      expect(weak.outcome).toBe('low_quality');
      expect(weak.qualityScore).toBeLessThan(7.5);
      expect(weak.message).toMatch(/below the 7\.5/);
    } finally {
      await still.close();
    }
  });

  it('--dry-run prints each step’s route and cost and calls nothing; --route local spends nothing', async () => {
    const data = path.join(work.dir, 'data-3');
    const before = fake.server.requests.length;
    const dry = await runCli(['render', '--photo', fixture('portrait-obama.jpg'), '--script', 'Half price this week.', '--out', path.join(work.dir, 'never'), '--dry-run', '--tier', 'pro'], {
      env: env(data),
    });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Dry run: nothing is called and nothing is spent\./);
    expect(dry.stdout).toMatch(/Photo: Gemini .* \(\$0\.039\), then Ideogram|Photo: Gemini .* \(\$0\.039\), then On this computer/);
    expect(dry.stdout).toMatch(/skipped ElevenLabs: No ElevenLabs API key is set/);
    expect(dry.stdout).toMatch(/plan pro, up to \$2\.00 a video/);
    expect(fake.server.requests.length).toBe(before);
    expect(() => statSync(path.join(work.dir, 'never'))).toThrow();

    const local = await render(path.join(work.dir, 'out-3'), data, '--route', 'local');
    expect(local.code).toBe(0);
    expect((JSON.parse(local.stdout) as RenderReport).providers).toBeUndefined();
    expect(fake.server.requests.length).toBe(before);
  });

  it('refuses a route it does not know, and --no-local with --route local, each with a sentence', async () => {
    const unknown = await render(path.join(work.dir, 'x'), path.join(work.dir, 'data-4'), '--route', 'dalle');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/"dalle" is not one/);
    const nothing = await render(path.join(work.dir, 'y'), path.join(work.dir, 'data-4'), '--route', 'local', '--no-local');
    expect(nothing.code).not.toBe(0);
    expect(nothing.stderr).toMatch(/leaves nothing to render with/);
  });

  it('tp providers lists every provider with its key state, circuit, headroom and price', async () => {
    const listed = await runCli(['providers', '--json'], { env: env(path.join(work.dir, 'data-5')) });
    expect(listed.code).toBe(0);
    const parsed = JSON.parse(listed.stdout) as { providers: Array<{ id: string; key: string; circuit: string; callable: boolean }> };
    expect(parsed.providers.find((p) => p.id === 'gemini-image')).toMatchObject({ key: 'set (environment)', circuit: 'closed' });
    expect(parsed.providers.find((p) => p.id === 'midjourney')).toMatchObject({ callable: false });
    expect(listed.stdout).not.toContain(FAKE_KEY);
  });
});
