import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { afterAll, describe, expect, it } from 'vitest';
import { electronBinaryPath, flipAppFuses, FUSE_SETTINGS } from '../../scripts/packaging/electron-fuses.mjs';
import { beforePack, executableKind, mediaBundleProblems, packedMediaProblems } from '../../scripts/packaging/media-bundle.mjs';
import { tempDir } from '../support/fixtures.js';

const work = tempDir('tp-packaging-');
afterAll(() => work.cleanup());

const MAGIC = {
  linux: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]),
  darwin: Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]),
  win32: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 3, 0, 0, 0]),
};

function file(at: string, bytes: Buffer = MAGIC.linux): void {
  mkdirSync(path.dirname(at), { recursive: true });
  writeFileSync(at, bytes);
}

/** A project folder whose node_modules hold what the test names. */
function project(name: string, parts: { ffmpegStatic?: keyof typeof MAGIC; ffprobe?: string[] }): string {
  const dir = path.join(work.dir, name);
  if (parts.ffmpegStatic) file(path.join(dir, 'node_modules/ffmpeg-static', parts.ffmpegStatic === 'win32' ? 'ffmpeg.exe' : 'ffmpeg'), MAGIC[parts.ffmpegStatic]);
  for (const target of parts.ffprobe ?? []) file(path.join(dir, 'node_modules/@ffprobe-installer', target, target.startsWith('win32') ? 'ffprobe.exe' : 'ffprobe'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

const context = (projectDir: string, electronPlatformName: string, arch: number) => ({ packager: { projectDir }, electronPlatformName, arch });

describe('the build refuses without a current ffmpeg/ffprobe pair', () => {
  it('packs when ffmpeg-static’s binary for the target and its ffprobe are there', async () => {
    const dir = project('complete', { ffmpegStatic: 'linux', ffprobe: ['linux-x64'] });
    expect(mediaBundleProblems({ projectDir: dir, platform: 'linux', arch: 'x64' })).toEqual([]);
    await expect(beforePack(context(dir, 'linux', 1))).resolves.toBeUndefined();
  });

  it('refuses when ffmpeg-static’s download failed, even with the 2018 build installed', async () => {
    const dir = project('no-static', { ffprobe: ['linux-x64'] });
    file(path.join(dir, 'node_modules/@ffmpeg-installer/linux-x64/ffmpeg'));
    await expect(beforePack(context(dir, 'linux', 1))).rejects.toThrow(/ffmpeg-static's ffmpeg is missing.*npm rebuild ffmpeg-static/s);
  });

  it('refuses an ffmpeg-static binary downloaded for another system', () => {
    const dir = project('wrong-os', { ffmpegStatic: 'linux', ffprobe: ['darwin-arm64'] });
    expect(mediaBundleProblems({ projectDir: dir, platform: 'darwin', arch: 'arm64' })).toEqual([expect.stringMatching(/downloaded for linux, not darwin/)]);
  });

  it('refuses without the target’s ffprobe', () => {
    const dir = project('no-probe', { ffmpegStatic: 'win32', ffprobe: ['linux-x64'] });
    expect(mediaBundleProblems({ projectDir: dir, platform: 'win32', arch: 'x64' })).toEqual([expect.stringMatching(/ffprobe for win32-x64 is missing/)]);
  });

  it('tells executables apart by their first bytes', () => {
    for (const kind of ['linux', 'darwin', 'win32'] as const) {
      const at = path.join(work.dir, 'magic', kind);
      file(at, MAGIC[kind]);
      expect(executableKind(at)).toBe(kind);
    }
  });
});

describe('the packed app', () => {
  function packed(name: string, extra: string[] = []): string {
    const resources = path.join(work.dir, name, 'resources');
    file(path.join(resources, 'app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg'));
    file(path.join(resources, 'app.asar.unpacked/node_modules/@ffprobe-installer/linux-x64/ffprobe'));
    for (const f of extra) file(path.join(resources, f));
    return resources;
  }

  it('carries ffmpeg-static and ffprobe unpacked, and not the 2018 build', () => {
    expect(packedMediaProblems({ resourcesDir: packed('good'), platform: 'linux', asarFiles: ['/dist/main/x.js', '/node_modules/ffmpeg-static/index.js'] })).toEqual([]);
  });

  it('is refused when the 2018 build slipped in, packed or unpacked', () => {
    expect(packedMediaProblems({ resourcesDir: packed('in-asar'), platform: 'linux', asarFiles: ['/node_modules/@ffmpeg-installer/ffmpeg/index.js'] })).toEqual([
      expect.stringMatching(/@ffmpeg-installer's 2018 ffmpeg was packed/),
    ]);
    expect(packedMediaProblems({ resourcesDir: packed('unpacked', ['app.asar.unpacked/node_modules/@ffmpeg-installer/linux-x64/ffmpeg']), platform: 'linux', asarFiles: [] })).toEqual([
      expect.stringMatching(/@ffmpeg-installer's 2018 ffmpeg was packed/),
    ]);
  });
});

describe('the Electron fuses', () => {
  const appInfo = { productFilename: 'TalkingPhoto' };

  it('are exactly: no RunAsNode, no NODE_OPTIONS, no inspect flags, asar integrity on, app only from asar', () => {
    expect(FUSE_SETTINGS).toEqual({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
    });
  });

  it.each([
    ['darwin', 3, 'TalkingPhoto.app', true],
    ['darwin', 1, 'TalkingPhoto.app', false],
    ['mas', 3, 'TalkingPhoto.app', true],
    ['win32', 1, 'TalkingPhoto.exe', false],
    ['linux', 1, 'talkingphoto', false],
  ])('flips them in the %s binary (arch %i)', async (platform, arch, binary, resetSignature) => {
    const calls: Array<{ file: string; config: unknown }> = [];
    const ctx = { appOutDir: '/out/app', electronPlatformName: platform, arch, packager: { appInfo } };
    await flipAppFuses(ctx, async (f, config) => void calls.push({ file: f, config }));
    expect(calls).toEqual([
      {
        file: path.join('/out/app', binary),
        config: {
          version: FuseVersion.V1,
          resetAdHocDarwinSignature: resetSignature,
          [FuseV1Options.RunAsNode]: false,
          [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
          [FuseV1Options.EnableNodeCliInspectArguments]: false,
          [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
          [FuseV1Options.OnlyLoadAppFromAsar]: true,
        },
      },
    ]);
  });

  it('uses the Linux executable name electron-builder chose', () => {
    expect(electronBinaryPath({ appOutDir: '/out', electronPlatformName: 'linux', arch: 1, packager: { appInfo, executableName: 'talking-photo' } })).toBe(path.join('/out', 'talking-photo'));
  });
});

describe('electron-builder.yml', () => {
  it('runs the hooks, unpacks the pair the installers ship, and leaves the 2018 build out', async () => {
    // electron-builder's own YAML reader (js-yaml, untyped here); a variable keeps tsc from resolving it.
    const yaml = 'js-yaml';
    const { load } = (await import(yaml)) as { load: (text: string) => unknown };
    const { readFileSync } = await import('node:fs');
    const { REPO_ROOT } = await import('../support/fixtures.js');
    const config = load(readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as { files: string[]; asarUnpack: string[]; beforePack: string; afterPack: string };
    expect(config.beforePack).toBe('./scripts/packaging/hooks.mjs');
    expect(config.afterPack).toBe('./scripts/packaging/hooks.mjs');
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/ffmpeg-static/**', '**/node_modules/@ffprobe-installer/**']));
    expect(config.asarUnpack.some((p) => p.includes('@ffmpeg-installer'))).toBe(false);
    expect(config.files).toContain('!**/node_modules/@ffmpeg-installer/**');
    const hooks = await import('../../scripts/packaging/hooks.mjs');
    expect(typeof hooks.beforePack).toBe('function');
    expect(typeof hooks.afterPack).toBe('function');
  });
});
