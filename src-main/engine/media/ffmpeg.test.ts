import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMediaTools, resolveMediaTools, systemToolEnvironment, type ToolEnvironment } from './ffmpeg.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'tp-ffmpeg-resolve-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const RELEASE_5 = 'version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers';
const RELEASE_4 = 'version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021 the FFmpeg developers';
const SNAPSHOT_2018 = 'version N-47683-g0e8eb07980-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2000-2018 the FFmpeg developers';
const SNAPSHOT_2023 = 'version N-66595-gc2b38619c0-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2007-2023 the FFmpeg developers';

/** A real executable that answers `-version` like the named build. */
function fakeTool(dir: string, name: 'ffmpeg' | 'ffprobe', versionLine: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\necho "${name} ${versionLine}"\n`);
  chmodSync(file, 0o755);
  return file;
}

let dirs = 0;
const newDir = (): string => path.join(root, `d${dirs++}`);

function environment(pathDirs: string[], packages: Partial<Record<'ffmpeg-static' | '@ffmpeg-installer/ffmpeg' | '@ffprobe-installer/ffprobe', string>>, env: NodeJS.ProcessEnv = {}): ToolEnvironment {
  return {
    env: { ...env, PATH: pathDirs.join(':') },
    platform: 'linux',
    packageBinary: (name) => packages[name],
    // The real reader: it runs the fake binaries.
    versionLine: systemToolEnvironment.versionLine,
  };
}

describe.runIf(process.platform !== 'win32')('which ffmpeg/ffprobe pair decodes the files', () => {
  const installer = fakeTool(newDir(), 'ffmpeg', SNAPSHOT_2018);
  const installerProbe = fakeTool(newDir(), 'ffprobe', SNAPSHOT_2023);
  const installers = { '@ffmpeg-installer/ffmpeg': installer, '@ffprobe-installer/ffprobe': installerProbe };

  it('prefers an ffmpeg 5 on PATH, with the ffprobe beside it, over the 2018 build', () => {
    const system = newDir();
    const ffmpeg = fakeTool(system, 'ffmpeg', RELEASE_5);
    const ffprobe = fakeTool(system, 'ffprobe', RELEASE_5);
    const tools = resolveMediaTools(environment([system], installers));
    expect(tools.ffmpeg).toEqual({ path: ffmpeg, source: 'PATH', version: '5.1.9-0+deb12u1' });
    expect(tools.ffprobe).toEqual({ path: ffprobe, source: 'PATH', version: '5.1.9-0+deb12u1' });
    expect(tools.warning).toBeUndefined();
  });

  it('passes over an ffmpeg 4 earlier on PATH for a current one later on it', () => {
    const old = newDir();
    fakeTool(old, 'ffmpeg', RELEASE_4);
    const current = newDir();
    const ffmpeg = fakeTool(current, 'ffmpeg', RELEASE_5);
    fakeTool(current, 'ffprobe', RELEASE_5);
    const tools = resolveMediaTools(environment([old, current], installers));
    expect(tools.ffmpeg.path).toBe(ffmpeg);
    expect(tools.ffprobe.path).toBe(path.join(current, 'ffprobe'));
  });

  it('takes ffmpeg-static first when its binary is there', () => {
    const system = newDir();
    fakeTool(system, 'ffmpeg', RELEASE_5);
    const staticDir = newDir();
    const ffmpeg = fakeTool(staticDir, 'ffmpeg', 'version 6.1.1-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2000-2023 the FFmpeg developers');
    const ffprobe = fakeTool(staticDir, 'ffprobe', 'version 6.1.1-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2007-2023 the FFmpeg developers');
    const tools = resolveMediaTools(environment([system], { ...installers, 'ffmpeg-static': ffmpeg }));
    expect(tools.ffmpeg).toMatchObject({ path: ffmpeg, source: 'ffmpeg-static', version: '6.1.1-static' });
    expect(tools.ffprobe).toMatchObject({ path: ffprobe, source: 'ffmpeg-static' });
  });

  it('pairs ffmpeg-static with the ffprobe the installers ship beside it, not one on PATH', () => {
    const system = newDir();
    fakeTool(system, 'ffprobe', RELEASE_5);
    const ffmpeg = fakeTool(newDir(), 'ffmpeg', 'version 6.1.1-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2000-2023 the FFmpeg developers');
    const tools = resolveMediaTools(environment([system], { ...installers, 'ffmpeg-static': ffmpeg }));
    expect(tools.ffmpeg.source).toBe('ffmpeg-static');
    expect(tools.ffprobe).toMatchObject({ path: installerProbe, source: '@ffprobe-installer/ffprobe' });
    expect(tools.warning).toBeUndefined();
  });

  it('uses FFMPEG_PATH above everything, with its sibling ffprobe', () => {
    const mine = newDir();
    const ffmpeg = fakeTool(mine, 'ffmpeg', RELEASE_4);
    const ffprobe = fakeTool(mine, 'ffprobe', RELEASE_4);
    const system = newDir();
    fakeTool(system, 'ffmpeg', RELEASE_5);
    const tools = resolveMediaTools(environment([system], installers, { FFMPEG_PATH: ffmpeg }));
    expect(tools.ffmpeg).toMatchObject({ path: ffmpeg, source: 'env' });
    expect(tools.ffprobe).toMatchObject({ path: ffprobe, source: 'env' });
    // The creator chose it, but an old build is still named as one.
    expect(tools.warning).toMatch(/older than ffmpeg 5.*point FFMPEG_PATH at ffmpeg 5 or later\.$/);
  });

  it('falls back to the 2018 build only when nothing current is there, and says so naming its ffprobe', () => {
    const old = newDir();
    fakeTool(old, 'ffmpeg', RELEASE_4);
    const tools = resolveMediaTools(environment([old], installers));
    expect(tools.ffmpeg).toMatchObject({ path: installer, source: '@ffmpeg-installer/ffmpeg', version: 'N-47683-g0e8eb07980-static' });
    expect(tools.ffprobe).toMatchObject({ path: installerProbe, source: '@ffprobe-installer/ffprobe' });
    expect(tools.warning).toMatch(/^ffmpeg N-47683-g0e8eb07980-static \(@ffmpeg-installer\/ffmpeg\) is older than ffmpeg 5.*paired with ffprobe N-66595-gc2b38619c0-static.*install a current ffmpeg/);
  });

  it('never chooses the 2018 build while an ffmpeg 5 is on PATH, even without an ffprobe beside it', () => {
    const system = newDir();
    const ffmpeg = fakeTool(system, 'ffmpeg', RELEASE_5);
    const tools = resolveMediaTools(environment([system], installers));
    expect(tools.ffmpeg.path).toBe(ffmpeg);
    expect(tools.ffprobe).toMatchObject({ source: '@ffprobe-installer/ffprobe', version: 'N-66595-gc2b38619c0-static' });
    expect(tools.warning).toBeUndefined();
  });

  it('makes the same choice when the versions are asked in parallel, off the thread', async () => {
    const old = newDir();
    fakeTool(old, 'ffmpeg', RELEASE_4);
    const system = newDir();
    const ffmpeg = fakeTool(system, 'ffmpeg', RELEASE_5);
    const ffprobe = fakeTool(system, 'ffprobe', RELEASE_5);
    const asked: string[] = [];
    const te = environment([old, system], installers);
    const tools = await loadMediaTools({ ...te, versionLine: (file) => (asked.push(file), te.versionLine(file)) });
    expect(tools).toEqual(resolveMediaTools(te));
    expect(tools.ffmpeg.path).toBe(ffmpeg);
    expect(tools.ffprobe.path).toBe(ffprobe);
    // Every candidate was answered by the parallel, asynchronous run.
    expect(asked).toEqual([]);
  });

  it('refuses with FFMPEG_MISSING and what to install when there is no ffmpeg at all', () => {
    expect(() => resolveMediaTools(environment([newDir()], {}))).toThrow(expect.objectContaining({ code: 'FFMPEG_MISSING', message: expect.stringMatching(/install ffmpeg 5 or later/) }));
  });
});
