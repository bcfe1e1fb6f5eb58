import { existsSync, readFileSync, readdirSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledMediaPaths } from '../../scripts/packaging/media-bundle.mjs';

/**
 * electron-builder.yml, checked with electron-builder's own code (its schema validator,
 * its asar file matcher, its publish resolution), because the Electron binary cannot be
 * downloaded here and `npm run dist` cannot run. The paths checked are the ones the app
 * loads at run time, so moving a binary without its unpack rule fails here.
 */

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as typeof import('app-builder-lib/out/util/config/config.js');
const { FileMatcher } = require('app-builder-lib/out/fileMatcher') as typeof import('app-builder-lib/out/fileMatcher.js');
const { getAppUpdatePublishConfiguration } = require('app-builder-lib/out/publish/PublishManager') as typeof import('app-builder-lib/out/publish/PublishManager.js');
const { Arch, Platform } = require('app-builder-lib') as typeof import('app-builder-lib');
const { DebugLogger } = require('builder-util') as typeof import('builder-util');

const ROOT = path.resolve(import.meta.dirname, '../..');

interface BuilderConfig {
  asarUnpack: string[];
  files: string[];
  publish: { provider: string; url: string };
  mac: { target: string[] };
  win: { target: string[]; verifyUpdateCodeSignature?: boolean };
  linux: { target: string[] };
  [key: string]: unknown;
}

const config = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

/** Would electron-builder put this file (absolute, under the project) beside app.asar? */
function unpacked(file: string): boolean {
  const matcher = new FileMatcher(ROOT, '/packed', (pattern: string) => pattern, config.asarUnpack);
  const filter = matcher.createFilter();
  const stat: Pick<Stats, 'isDirectory' | 'isFile'> = existsSync(file) ? statSync(file) : { isDirectory: () => false, isFile: () => true };
  return filter(file, stat as Stats);
}

/** Is this file left out of the app by one of `files`' exclusions ("!…")? */
function excluded(file: string): boolean {
  const exclusions = config.files.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1));
  const filter = new FileMatcher(ROOT, '/packed', (pattern: string) => pattern, exclusions).createFilter();
  return filter(file, { isDirectory: () => false, isFile: () => true } as Stats);
}

/** Native libraries (addons and the shared libraries they load) of the packages that ship: not dev-only, not the server's. */
function shippedNativeFiles(): string[] {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const at = path.join(dir, entry.name);
      // A nested node_modules is its own lock entry, walked on its own.
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(at);
      } else if (/\.(node|dylib|dll)$|\.so(\.\d+)*$/.test(entry.name) && !at.includes(`${path.sep}obj.target${path.sep}`)) {
        found.push(at);
      }
    }
  };
  for (const [where, info] of Object.entries(lock.packages)) {
    if (!where.startsWith('node_modules/') || info.dev) continue;
    const dir = path.join(ROOT, where);
    if (existsSync(dir)) walk(dir);
  }
  return found;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema check, and an unknown option would not', async () => {
    await expect(validateConfiguration(config as never, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, mac: { ...config.mac, targte: ['dmg'] } } as never, new DebugLogger(false))).rejects.toThrow(/configuration\.mac/);
  });

  it('builds dmg and zip for macOS (the zip is what updates download), nsis for Windows, AppImage and deb for Linux', () => {
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.verifyUpdateCodeSignature).toBe(true);
  });

  it('names one HTTPS update feed, which electron-builder turns into the app-update.yml electron-updater reads', async () => {
    expect(config.publish).toEqual({ provider: 'generic', url: expect.stringMatching(/^https:\/\/[^/]+\/.+/) });
    // What electron-builder writes into resources/app-update.yml of a Linux x64 package.
    const appInfo = { updaterCacheDirName: 'talkingphoto-updater', channel: null, version: '0.1.0' };
    const packager = {
      platform: Platform.LINUX,
      platformSpecificBuildOptions: config.linux,
      config,
      info: { repositoryInfo: Promise.resolve(null), appInfo, config },
      appInfo,
      expandMacro: (value: string) => value,
    };
    const written = await getAppUpdatePublishConfiguration(packager as never, null, Arch.x64, false);
    expect(written).toEqual({ provider: 'generic', url: config.publish.url, updaterCacheDirName: 'talkingphoto-updater' });
  });

  it('unpacks the ffmpeg and ffprobe the app runs, for every target, and ships them', () => {
    const targets = [
      { platform: 'linux', arch: 'x64' },
      { platform: 'linux', arch: 'arm64' },
      { platform: 'darwin', arch: 'arm64' },
      { platform: 'darwin', arch: 'x64' },
      { platform: 'win32', arch: 'x64' },
    ];
    const binaries = targets.flatMap((target) => Object.values(bundledMediaPaths({ projectDir: ROOT, ...target })));
    // The paths src-main/engine/media/ffmpeg.ts asks the packages for, where they are installed here.
    for (const name of ['ffmpeg-static', '@ffprobe-installer/ffprobe']) {
      try {
        const value = require(name) as string | { path: string };
        binaries.push(typeof value === 'string' ? value : value.path);
      } catch {
        // ffmpeg-static's binary download fails offline and npm then leaves the package out.
      }
    }
    expect(binaries.length).toBeGreaterThanOrEqual(10);
    for (const file of binaries) {
      expect({ file: path.relative(ROOT, file), unpacked: unpacked(file), excluded: excluded(file) }).toEqual({ file: path.relative(ROOT, file), unpacked: true, excluded: false });
    }
    // The 2018 fallback is left out of the installers.
    expect(excluded(path.join(ROOT, 'node_modules/@ffmpeg-installer/linux-x64/ffmpeg'))).toBe(true);
  });

  it('unpacks the eSpeak worker where the compiled main process starts it, and eSpeak’s own files', () => {
    const tsconfig = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: { outDir: string } };
    // src-main/engine/voice/espeak-process.ts and queue/render-process.ts start it from beside the compiled module.
    const source = path.join(ROOT, 'src-main/engine/voice/espeak-worker.mjs');
    expect(existsSync(source)).toBe(true);
    const compiled = path.join(ROOT, tsconfig.compilerOptions.outDir, path.relative(ROOT, source));
    expect(path.relative(ROOT, compiled)).toBe(path.join('dist', 'main', 'src-main', 'engine', 'voice', 'espeak-worker.mjs'));
    expect(unpacked(compiled)).toBe(true);
    expect(unpacked(require.resolve('@echogarden/espeak-ng-emscripten'))).toBe(true);
  });

  it('unpacks every native library the shipped packages load (addons, and the libvips sharp’s addon links to)', () => {
    const natives = shippedNativeFiles();
    const names = natives.map((file) => path.basename(file));
    expect(names).toContain('better_sqlite3.node');
    expect(names.some((name) => /^sharp-.*\.node$/.test(name))).toBe(true);
    expect(names.some((name) => /^libvips-cpp\./.test(name))).toBe(true);
    expect(natives.filter((file) => !unpacked(file)).map((file) => path.relative(ROOT, file))).toEqual([]);
  });

  it('would catch a binary moved out of its unpack rule', () => {
    expect(unpacked(path.join(ROOT, 'node_modules/ffmpeg-static/ffmpeg'))).toBe(true);
    expect(unpacked(path.join(ROOT, 'node_modules/ffmpeg-bin/ffmpeg'))).toBe(false);
    expect(unpacked(path.join(ROOT, 'dist/main/src-main/engine/voice/espeak-worker.js'))).toBe(false);
  });
});
