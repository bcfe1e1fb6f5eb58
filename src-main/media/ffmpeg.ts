import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { TalkingPhotoError } from '../../src-shared/errors.js';

/**
 * The one place that decides which ffmpeg/ffprobe binaries run. Order (issue 3):
 * FFMPEG_PATH, ffmpeg-static, @ffmpeg-installer/ffmpeg, `ffmpeg` on PATH. ffmpeg-static
 * is optional because its installer downloads a binary, which fails on offline machines.
 */

export type ToolSource = 'env' | 'ffmpeg-static' | '@ffmpeg-installer/ffmpeg' | '@ffprobe-installer/ffprobe' | 'PATH';

export interface ResolvedTool {
  path: string;
  source: ToolSource;
}

export interface MediaTools {
  ffmpeg: ResolvedTool;
  ffprobe: ResolvedTool;
}

const require = createRequire(import.meta.url);

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function fromPackage(load: () => unknown): string | undefined {
  try {
    const value = load();
    const candidate = typeof value === 'string' ? value : (value as { path?: unknown } | null)?.path;
    return typeof candidate === 'string' && isExecutable(candidate) ? candidate : undefined;
  } catch {
    return undefined;
  }
}

function fromPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, process.platform === 'win32' ? `${name}.exe` : name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function resolveFfmpeg(): ResolvedTool | undefined {
  const env = process.env.FFMPEG_PATH;
  if (env && isExecutable(env)) return { path: env, source: 'env' };
  const staticPath = fromPackage(() => require('ffmpeg-static'));
  if (staticPath) return { path: staticPath, source: 'ffmpeg-static' };
  const installer = fromPackage(() => require('@ffmpeg-installer/ffmpeg'));
  if (installer) return { path: installer, source: '@ffmpeg-installer/ffmpeg' };
  const onPath = fromPath('ffmpeg');
  return onPath ? { path: onPath, source: 'PATH' } : undefined;
}

function resolveFfprobe(ffmpeg: ResolvedTool): ResolvedTool | undefined {
  const env = process.env.FFPROBE_PATH;
  if (env && isExecutable(env)) return { path: env, source: 'env' };
  // A user who points FFMPEG_PATH at a build usually has its ffprobe beside it.
  const sibling = path.join(path.dirname(ffmpeg.path), process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe');
  if (ffmpeg.source === 'env' && isExecutable(sibling)) return { path: sibling, source: 'env' };
  const installer = fromPackage(() => require('@ffprobe-installer/ffprobe'));
  if (installer) return { path: installer, source: '@ffprobe-installer/ffprobe' };
  const onPath = fromPath('ffprobe');
  return onPath ? { path: onPath, source: 'PATH' } : undefined;
}

let cached: MediaTools | undefined;

/** Resolves once per process; throws FFMPEG_MISSING with what to install when nothing is found. */
export function mediaTools(): MediaTools {
  if (cached) return cached;
  const ffmpeg = resolveFfmpeg();
  if (!ffmpeg) {
    throw new TalkingPhotoError(
      'FFMPEG_MISSING',
      'ffmpeg was not found: run `npm ci` again, install ffmpeg from your package manager, or set FFMPEG_PATH to an ffmpeg binary.',
    );
  }
  const ffprobe = resolveFfprobe(ffmpeg);
  if (!ffprobe) {
    throw new TalkingPhotoError(
      'FFMPEG_MISSING',
      'ffprobe was not found: run `npm ci` again, install ffmpeg from your package manager, or set FFPROBE_PATH to an ffprobe binary.',
    );
  }
  cached = { ffmpeg, ffprobe };
  return cached;
}

/** Flags every ffmpeg call carries: untrusted media may not open network or other protocols. */
export const SAFE_INPUT_FLAGS = ['-nostdin', '-hide_banner', '-protocol_whitelist', 'file,pipe'] as const;
