import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSync } from 'subtitle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaTools } from '../../src-main/engine/media/ffmpeg.js';
import { probeMedia } from '../../src-main/engine/media/probe.js';
import { runProcess } from '../../src-main/engine/media/run-process.js';
import type { KitManifest } from '../../src-main/engine/kit/export-kit.js';
import { platformSpec } from '../../src-shared/platforms.js';
import type { RenderReport } from '../../src-shared/report.js';
import { runCli } from '../support/cli.js';
import { fixture, tempDir } from '../support/fixtures.js';
import { zipEntryNames } from '../support/zip.js';
import { grantPlanInDataFolder } from '../support/plans.js';

const work = tempDir('tp-kit-');
afterAll(() => work.cleanup());
// Kits are checked on unmarked videos, and this file renders as often as it needs: a Starter plan.
beforeAll(() => grantPlanInDataFolder('starter'));

const SCRIPT = 'Meet the lightest running shoe we have ever made. It keeps your feet dry on wet trails.';

function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name)).split(path.sep).join('/')],
  );
}

/**
 * The kit render of SCRIPT on the Obama fixture: the first test's subject, and its sound
 * track is the second test's "own recording" (the same TTS voice a plain render of SCRIPT
 * speaks), so the file renders SCRIPT once. Made by whichever test asks first.
 */
let shoeRender: Promise<{ out: string; result: Awaited<ReturnType<typeof runCli>> }> | undefined;
function renderShoe(): Promise<{ out: string; result: Awaited<ReturnType<typeof runCli>> }> {
  const out = path.join(work.dir, 'shoe');
  shoeRender ??= runCli([
    'render',
    '--photo',
    fixture('portrait-obama.jpg'),
    '--script',
    SCRIPT,
    '--out',
    out,
    '--size',
    '288x512',
    '--no-verify',
    '--platforms',
    'tiktok,youtube,linkedin',
    '--zip',
    '--title',
    'Trail shoe',
    '--json',
  ]).then((result) => ({ out, result }));
  return shoeRender;
}

describe('tp render --platforms (export kit)', () => {
  it('writes a manifest whose renditions, captions, covers and post texts exist and meet each platform', async () => {
    const { out, result } = await renderShoe();
    expect(result.stderr).not.toMatch(/Something went wrong/);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as RenderReport;
    expect(report.kit?.renditions.map((r) => [r.platform, r.failedChecks])).toEqual([
      ['tiktok', []],
      ['youtube', []],
      ['linkedin', []],
    ]);
    const kitDir = path.join(out, 'kit');
    const manifest = JSON.parse(readFileSync(path.join(kitDir, 'manifest.json'), 'utf8')) as KitManifest;
    expect(manifest.renditions).toHaveLength(3);
    for (const r of manifest.renditions) {
      const spec = platformSpec(r.platform);
      for (const file of [r.video, r.captions.srt, r.captions.vtt, r.thumbnail, r.postText, r.uploadSteps]) {
        expect(existsSync(path.join(kitDir, file)), file).toBe(true);
      }
      const probe = await probeMedia(path.join(kitDir, r.video));
      expect(probe.streams.find((s) => s.codecType === 'video')).toMatchObject({ width: spec.width, height: spec.height, codecName: 'h264' });
      expect(r.checks.every((c) => c.ok)).toBe(true);
      const post = readFileSync(path.join(kitDir, r.postText), 'utf8').trim();
      if (r.platform === 'youtube') expect(post.split('\n')[0]!.replace(/^Title: /, '').length).toBeLessThanOrEqual(100);
      else if (spec.captionLimit !== null) expect([...post].length).toBeLessThanOrEqual(spec.captionLimit);
      expect(readFileSync(path.join(kitDir, r.uploadSteps), 'utf8')).toMatch(/^1\. /);
    }
    // Captions, read back by an independent parser, carry the script's words inside the voice.
    const srt = parseSync(readFileSync(path.join(kitDir, manifest.renditions[0]!.captions.srt), 'utf8')).filter((n) => n.type === 'cue');
    const words = srt.flatMap((n) => String((n.data as { text: string }).text).split(/\s+/));
    expect(
      words
        .join(' ')
        .replace(/[^\w ]/g, '')
        .toLowerCase(),
    ).toBe(SCRIPT.replace(/[^\w ]/g, '').toLowerCase());
    for (const cue of srt) expect((cue.data as { end: number }).end).toBeLessThanOrEqual(report.voice.durationS * 1000 + 1);
    // "Redo it in a cloud tool" guides, built from the export templates, name the script.
    expect(manifest.guides.map((g) => g.tool)).toEqual(expect.arrayContaining(['HeyGen', 'Google Veo 3']));
    for (const guide of manifest.guides) {
      expect(guide.platforms).toEqual(expect.arrayContaining(['tiktok']));
      expect(readFileSync(path.join(kitDir, guide.file), 'utf8')).toContain('lightest running shoe');
    }
    // The zip holds exactly the kit folder, and the folder holds exactly what the manifest lists.
    const listed = new Set(['manifest.json', ...manifest.guides.map((g) => g.file)]);
    for (const r of manifest.renditions) for (const file of [r.video, r.captions.srt, r.captions.vtt, r.thumbnail, r.postText, r.uploadSteps]) listed.add(file);
    expect(await zipEntryNames(path.join(out, 'kit.zip'))).toEqual(filesUnder(kitDir).sort());
    expect(filesUnder(kitDir).sort()).toEqual([...listed].sort());
  });

  it('captions an own recording from its transcript, timed from where the speech is', async () => {
    // A real voice: the sound track of a TTS render, handed back as a recording.
    const { out: spoken, result: spokenResult } = await renderShoe();
    expect(spokenResult.code, spokenResult.stderr).toBe(0);
    const recording = path.join(work.dir, 'recording.m4a');
    const extract = await runProcess(mediaTools().ffmpeg.path, ['-loglevel', 'error', '-i', path.join(spoken, 'video.mp4'), '-vn', '-c:a', 'copy', '-y', recording]);
    expect(extract.code, extract.stderr).toBe(0);
    const out = path.join(work.dir, 'recorded');
    const result = await runCli([
      'render',
      '--photo',
      fixture('portrait-biden-tall.jpg'),
      '--audio',
      recording,
      '--transcript',
      SCRIPT,
      '--out',
      out,
      '--size',
      '256x448',
      '--no-verify',
      '--platforms',
      'instagram-feed',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as RenderReport;
    const manifest = JSON.parse(readFileSync(path.join(out, 'kit', 'manifest.json'), 'utf8')) as KitManifest;
    const cues = parseSync(readFileSync(path.join(out, 'kit', manifest.renditions[0]!.captions.srt), 'utf8')).filter((n) => n.type === 'cue');
    expect(cues.length).toBeGreaterThanOrEqual(2);
    const text = cues.map((n) => String((n.data as { text: string }).text)).join(' ');
    expect(
      text
        .replace(/\s+/g, ' ')
        .replace(/[^\w ]/g, '')
        .toLowerCase(),
    ).toBe(SCRIPT.replace(/[^\w ]/g, '').toLowerCase());
    for (const cue of cues) {
      const { start, end } = cue.data as { start: number; end: number };
      expect(start).toBeGreaterThanOrEqual(0);
      expect(end).toBeLessThanOrEqual(report.voice.durationS * 1000 + 1);
    }
    // The second sentence starts after a pause, where the speech says it does (TTS word timings as truth).
    const spokenReport = JSON.parse(readFileSync(path.join(spoken, 'report.json'), 'utf8')) as RenderReport;
    const secondSentence = spokenReport.voice.words.find((w) => w.text.startsWith('It'))!;
    const cueOfIt = cues.find((n) => String((n.data as { text: string }).text).startsWith('It'));
    expect(Math.abs((cueOfIt!.data as { start: number }).start / 1000 - secondSentence.startS)).toBeLessThan(0.6);
    // Giving the words aligns them to the recording phone by phone: every word where it is said.
    const aligned = report.voice.words;
    expect(aligned.map((w) => w.text)).toEqual(spokenReport.voice.words.map((w) => w.text));
    const errors = aligned.map((w, i) => Math.abs(w.startS - spokenReport.voice.words[i]!.startS)).sort((a, b) => a - b);
    expect(errors[Math.floor(errors.length / 2)]).toBeLessThan(0.06);
  });

  it('refuses kit-only options without platforms, and a transcript without a recording', async () => {
    const kitOnly = await runCli(['render', '--photo', fixture('portrait-obama.jpg'), '--script', SCRIPT, '--out', path.join(work.dir, 'x1'), '--burn-captions']);
    expect(kitOnly.code).toBe(2);
    expect(kitOnly.stderr).toMatch(/--burn-captions .*--platforms/);
    const transcript = await runCli(['render', '--photo', fixture('portrait-obama.jpg'), '--script', SCRIPT, '--out', path.join(work.dir, 'x2'), '--transcript', 'hi']);
    expect(transcript.code).toBe(2);
    expect(transcript.stderr).toMatch(/transcript goes with --audio/);
  });

  it('refuses an unknown platform, listing the valid ones, and writes nothing', async () => {
    const out = path.join(work.dir, 'myspace');
    const result = await runCli(['render', '--photo', fixture('portrait-obama.jpg'), '--script', SCRIPT, '--out', out, '--platforms', 'tiktok,myspace']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/myspace/);
    expect(result.stderr).toMatch(/instagram-reels/);
    expect(existsSync(out)).toBe(false);
  });
});
