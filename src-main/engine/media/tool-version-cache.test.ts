import { chmodSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveMediaTools, systemToolEnvironment, rememberToolVersionsIn } from './ffmpeg.js';

/** A stand-in ffmpeg: a shell script that prints a version line and counts how often it was asked. */
function fakeTool(dir: string, name: string, version: string): { file: string; asked: () => number } {
  const file = path.join(dir, name);
  const log = path.join(dir, `${name}.asked`);
  writeFileSync(log, '');
  writeFileSync(file, `#!/bin/sh\necho x >> '${log}'\necho '${name} version ${version} Copyright (c) 2000-2023 the FFmpeg developers'\n`);
  chmodSync(file, 0o755);
  return { file, asked: () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length };
}

describe.runIf(process.platform !== 'win32')("ffmpeg's version, remembered in the data folder", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tp-tool-versions-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const resolveWith = (ffmpeg: string, ffprobe: string) =>
    resolveMediaTools({ ...systemToolEnvironment, env: { PATH: '', FFMPEG_PATH: ffmpeg, FFPROBE_PATH: ffprobe }, packageBinary: () => undefined });

  it('asks each binary once, then answers later runs from the file', () => {
    const ffmpeg = fakeTool(dir, 'ffmpeg', '6.1.1');
    const ffprobe = fakeTool(dir, 'ffprobe', '6.1.1');
    rememberToolVersionsIn(path.join(dir, 'cache', 'tool-versions.json'));
    const first = resolveWith(ffmpeg.file, ffprobe.file);
    const second = resolveWith(ffmpeg.file, ffprobe.file);
    expect(first.ffmpeg.version).toBe('6.1.1');
    expect(second).toEqual(first);
    expect([ffmpeg.asked(), ffprobe.asked()]).toEqual([1, 1]);
  });

  it('asks again once the binary is replaced (an upgrade changes its size or time)', () => {
    const ffmpeg = fakeTool(dir, 'ffmpeg', '5.1.2');
    const ffprobe = fakeTool(dir, 'ffprobe', '5.1.2');
    rememberToolVersionsIn(path.join(dir, 'tool-versions.json'));
    expect(resolveWith(ffmpeg.file, ffprobe.file).ffmpeg.version).toBe('5.1.2');
    writeFileSync(ffmpeg.file, readFileSync(ffmpeg.file, 'utf8').replace('5.1.2', '7.0.10'));
    utimesSync(ffmpeg.file, new Date(), new Date(Date.now() + 5000));
    expect(resolveWith(ffmpeg.file, ffprobe.file).ffmpeg.version).toBe('7.0.10');
    expect([ffmpeg.asked(), ffprobe.asked()]).toEqual([2, 1]);
  });

  it('asks the binary when the remembered file is damaged, and mends it', () => {
    const ffmpeg = fakeTool(dir, 'ffmpeg', '6.0');
    const ffprobe = fakeTool(dir, 'ffprobe', '6.0');
    const cacheFile = path.join(dir, 'tool-versions.json');
    writeFileSync(cacheFile, '{ not json');
    rememberToolVersionsIn(cacheFile);
    expect(resolveWith(ffmpeg.file, ffprobe.file).ffprobe.version).toBe('6.0');
    expect(JSON.parse(readFileSync(cacheFile, 'utf8'))[ffprobe.file].line).toMatch(/^ffprobe version 6\.0 /);
  });
});
