import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSync } from 'subtitle';
import yauzl from 'yauzl';
import { afterAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../src-main/media/probe.js';
import type { KitManifest } from '../../src-main/kit/export-kit.js';
import { platformSpec } from '../../src-shared/platforms.js';
import type { RenderReport } from '../../src-shared/report.js';
import { runCli } from '../support/cli.js';
import { fixture, tempDir } from '../support/fixtures.js';

const work = tempDir('tp-kit-');
afterAll(() => work.cleanup());

const SCRIPT = 'Meet the lightest running shoe we have ever made. It keeps your feet dry on wet trails.';

function zipEntries(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names.sort()));
      zip.readEntry();
    });
  });
}

function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name)).split(path.sep).join('/')],
  );
}

describe('tp render --platforms (export kit)', () => {
  it('writes a manifest whose renditions, captions, covers and post texts exist and meet each platform', async () => {
    const out = path.join(work.dir, 'shoe');
    const result = await runCli([
      'render', '--photo', fixture('portrait-obama.jpg'), '--script', SCRIPT, '--out', out, '--size', '288x512', '--no-verify',
      '--platforms', 'tiktok,youtube,linkedin', '--zip', '--title', 'Trail shoe', '--json',
    ]);
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
    expect(words.join(' ').replace(/[^\w ]/g, '').toLowerCase()).toBe(SCRIPT.replace(/[^\w ]/g, '').toLowerCase());
    for (const cue of srt) expect((cue.data as { end: number }).end).toBeLessThanOrEqual(report.voice.durationS * 1000 + 1);
    // The zip holds exactly the kit folder.
    expect(await zipEntries(path.join(out, 'kit.zip'))).toEqual(filesUnder(kitDir).sort());
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
