// @ts-check
/**
 * The ffmpeg/ffprobe pair an installer ships (issue 13): ffmpeg-static's ffmpeg (6.1.1 in
 * ffmpeg-static 5.3) and @ffprobe-installer's ffprobe for the same platform, never
 * @ffmpeg-installer's ffmpeg from 2018. ffmpeg-static downloads its binary when npm
 * installs it, and that download fails offline while `npm ci` still succeeds; building
 * then would quietly ship an app that decodes creators' files with whatever it finds.
 * So the build refuses (beforePack), and checks what it packed (afterPack).
 *
 * Plain Node ES module: electron-builder loads it as it is.
 */
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import path from 'node:path';

/** electron-builder's Arch enum, by number. */
const ARCH_NAMES = /** @type {const} */ (['ia32', 'x64', 'armv7l', 'arm64', 'universal']);

/**
 * @param {number | string} arch
 * @returns {string}
 */
export function archName(arch) {
  return typeof arch === 'number' ? (ARCH_NAMES[arch] ?? String(arch)) : arch;
}

/** @param {string} electronPlatformName */
function nodePlatform(electronPlatformName) {
  return electronPlatformName === 'mas' ? 'darwin' : electronPlatformName;
}

/** @param {string} platform @param {string} name */
function exe(platform, name) {
  return platform === 'win32' ? `${name}.exe` : name;
}

/**
 * What kind of executable a file is, from its first bytes.
 * @param {string} file
 * @returns {'linux' | 'darwin' | 'win32' | undefined}
 */
export function executableKind(file) {
  const head = Buffer.alloc(4);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  if (head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) return 'linux';
  const magic = head.readUInt32BE(0);
  // Mach-O 64-bit (either byte order) or a universal ("fat") binary.
  if ([0xcffaedfe, 0xfeedfacf, 0xcafebabe].includes(magic)) return 'darwin';
  if (head[0] === 0x4d && head[1] === 0x5a) return 'win32';
  return undefined;
}

/**
 * Where the pair for a target is in the project's node_modules.
 * @param {{ projectDir: string, platform: string, arch: string }} target
 */
export function bundledMediaPaths(target) {
  const platform = nodePlatform(target.platform);
  const ffprobeArch = target.arch === 'armv7l' ? 'arm' : target.arch;
  return {
    ffmpeg: path.join(target.projectDir, 'node_modules', 'ffmpeg-static', exe(platform, 'ffmpeg')),
    ffprobe: path.join(target.projectDir, 'node_modules', '@ffprobe-installer', `${platform}-${ffprobeArch}`, exe(platform, 'ffprobe')),
  };
}

/**
 * Sentences naming what is wrong with the pair for a target; empty when it can be packed.
 * @param {{ projectDir: string, platform: string, arch: string }} target
 * @returns {string[]}
 */
export function mediaBundleProblems(target) {
  const platform = nodePlatform(target.platform);
  if (target.arch === 'universal') return ['A universal macOS build would need ffmpeg for both architectures: build x64 and arm64 separately.'];
  const { ffmpeg, ffprobe } = bundledMediaPaths(target);
  const problems = [];
  if (!existsSync(ffmpeg)) {
    problems.push(
      `ffmpeg-static's ffmpeg is missing (${ffmpeg}): its download failed or was skipped; run \`npm rebuild ffmpeg-static\` on a machine that can download it (for another platform, with npm_config_platform and npm_config_arch set), then build again.`,
    );
  } else if (executableKind(ffmpeg) !== platform) {
    problems.push(
      `ffmpeg-static's ffmpeg (${ffmpeg}) was downloaded for ${executableKind(ffmpeg) ?? 'an unknown system'}, not ${platform}: run \`npm rebuild ffmpeg-static\` with npm_config_platform=${platform} and npm_config_arch=${target.arch}.`,
    );
  }
  if (!existsSync(ffprobe)) {
    problems.push(
      `ffprobe for ${platform}-${target.arch} is missing (${ffprobe}): install @ffprobe-installer/${platform}-${target.arch === 'armv7l' ? 'arm' : target.arch} (npm installs only this machine's by default).`,
    );
  }
  return problems;
}

/**
 * electron-builder's beforePack hook.
 * @param {{ packager: { projectDir: string }, electronPlatformName: string, arch: number }} context
 */
export async function beforePack(context) {
  const problems = mediaBundleProblems({ projectDir: context.packager.projectDir, platform: context.electronPlatformName, arch: archName(context.arch) });
  if (problems.length > 0) throw new Error(`The installer would not carry a current ffmpeg/ffprobe pair:\n- ${problems.join('\n- ')}`);
}

/**
 * What afterPack checks in the packed app: the pair is there, unpacked (binaries cannot
 * run from inside app.asar), and the 2018 build is not.
 * @param {{ resourcesDir: string, platform: string, asarFiles: string[] | undefined }} packed
 * @returns {string[]}
 */
export function packedMediaProblems(packed) {
  const platform = nodePlatform(packed.platform);
  const unpacked = path.join(packed.resourcesDir, 'app.asar.unpacked', 'node_modules');
  const problems = [];
  if (!existsSync(path.join(unpacked, 'ffmpeg-static', exe(platform, 'ffmpeg')))) problems.push("ffmpeg-static's ffmpeg is not unpacked beside app.asar (asarUnpack in electron-builder.yml).");
  if (!existsSync(path.join(unpacked, '@ffprobe-installer'))) problems.push("@ffprobe-installer's ffprobe is not unpacked beside app.asar (asarUnpack in electron-builder.yml).");
  const stale = [...(packed.asarFiles ?? []), ...(existsSync(path.join(unpacked, '@ffmpeg-installer')) ? ['app.asar.unpacked/node_modules/@ffmpeg-installer'] : [])].filter((f) =>
    /[\\/]@ffmpeg-installer([\\/]|$)/.test(f.replace(/^app\.asar\.unpacked/, '/x')),
  );
  if (stale.length > 0) problems.push(`@ffmpeg-installer's 2018 ffmpeg was packed (${stale[0]}): exclude it in electron-builder.yml's files.`);
  return problems;
}
