import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/fixtures.js';
import { makeTestVideo } from '../../../tests/support/media.js';

const work = tempDir('tp-probe-');
const calls = path.join(work.dir, 'ffprobe-calls.txt');
let probeMedia: typeof import('./probe.js').probeMedia;

beforeAll(async () => {
  // An ffprobe that notes each run, then answers as the real one: set before the engine
  // resolves its tools (this file's own worker), so every probe here goes through it.
  const real = execFileSync('sh', ['-c', 'command -v ffprobe']).toString().trim();
  const counting = path.join(work.dir, 'ffprobe');
  writeFileSync(counting, `#!/bin/sh\necho run >> '${calls}'\nexec '${real}' "$@"\n`);
  chmodSync(counting, 0o755);
  process.env.FFPROBE_PATH = counting;
  ({ probeMedia } = await import('./probe.js'));
});
afterAll(() => work.cleanup());

const runs = (): number => readFileSync(calls, 'utf8').split('\n').filter(Boolean).length;

describe('probeMedia', () => {
  it('answers a second question about an unchanged file without running ffprobe again, even after a rename', async () => {
    const file = path.join(work.dir, 'clip.mp4');
    await makeTestVideo(file, 'testsrc2=size=160x120:rate=25:duration=1', 1);
    const first = await probeMedia(file);
    const before = runs();
    const kept = path.join(work.dir, 'kept.mp4');
    renameSync(file, kept);
    expect(await probeMedia(kept)).toEqual(first);
    expect(runs()).toBe(before);
    expect(first.durationS).toBeCloseTo(1, 1);
  });

  it('reads a file written again at the same path afresh', async () => {
    const file = path.join(work.dir, 'again.mp4');
    await makeTestVideo(file, 'testsrc2=size=160x120:rate=25:duration=1', 1);
    expect((await probeMedia(file)).durationS).toBeCloseTo(1, 1);
    await makeTestVideo(file, 'testsrc2=size=320x240:rate=25:duration=2', 2);
    const again = await probeMedia(file);
    expect(again.durationS).toBeCloseTo(2, 1);
    expect(again.streams.find((s) => s.codecType === 'video')?.width).toBe(320);
  });

  it('hands each caller its own copy', async () => {
    const file = path.join(work.dir, 'copy.mp4');
    await makeTestVideo(file, 'testsrc2=size=160x120:rate=25:duration=1', 1);
    const first = await probeMedia(file);
    first.streams.length = 0;
    expect((await probeMedia(file)).streams.length).toBe(2);
  });
});
