import { accessSync, constants } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { runProcess } from '../child/run-child.js';
import { isCurrentFfmpeg, readToolVersion, type ToolVersion } from './tool-version.js';
import { rememberedVersionLine } from './tool-version-cache.js';

/**
 * The one place that decides which ffmpeg/ffprobe pair decodes creators' files (issue 13).
 * ffmpeg: FFMPEG_PATH > ffmpeg-static (what the installers ship) > a current ffmpeg (≥ 5)
 * on PATH > @ffmpeg-installer's build from 2018, only as the last resort and with a
 * warning: it predates years of decoder fixes, and it is what `npm ci` leaves behind
 * when ffmpeg-static's download failed. ffprobe comes from beside its ffmpeg wherever
 * there is one there, so the two read files the same way; a pair from two places is
 * reported as such.
 */

export type ToolSource = 'env' | 'ffmpeg-static' | '@ffmpeg-installer/ffmpeg' | '@ffprobe-installer/ffprobe' | 'PATH';

export interface ResolvedTool {
  path: string;
  source: ToolSource;
  /** As the binary prints it (`5.1.9-0+deb12u1`, `N-47683-g0e8eb07980-static`); absent when it would not say. */
  version?: string;
}

export interface MediaTools {
  ffmpeg: ResolvedTool;
  ffprobe: ResolvedTool;
  /** One sentence when the pair is old or mixed; shown by the CLI, Diagnostics and report.json. */
  warning?: string;
}

/** What the resolver looks at; tests replace each part. */
export interface ToolEnvironment {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** The binary an npm package ships, when it is installed and executable. */
  packageBinary(name: 'ffmpeg-static' | '@ffmpeg-installer/ffmpeg' | '@ffprobe-installer/ffprobe'): string | undefined;
  /** `<tool> -version`'s first line, or undefined when it cannot run. */
  versionLine(file: string): string | undefined;
}

const require = createRequire(import.meta.url);
/** A version query is a start and an exit; longer means the binary is broken. */
const VERSION_TIMEOUT_MS = 10_000;

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const systemToolEnvironment: ToolEnvironment = {
  env: process.env,
  platform: process.platform,
  packageBinary(name) {
    try {
      const value: unknown = require(name);
      const candidate = typeof value === 'string' ? value : (value as { path?: unknown } | null)?.path;
      if (typeof candidate !== 'string') return undefined;
      // Inside a packaged app the binaries are unpacked beside app.asar; a path inside the
      // archive cannot be executed.
      const unpacked = candidate.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
      return isExecutable(unpacked) ? unpacked : undefined;
    } catch {
      return undefined;
    }
  },
  versionLine(file) {
    return versionCacheFile ? rememberedVersionLine(file, versionCacheFile, askVersionLine) : askVersionLine(file);
  },
};

function askVersionLine(file: string): string | undefined {
  try {
    const out = execFileSync(file, ['-hide_banner', '-version'], { timeout: VERSION_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true });
    return out.toString('utf8').split('\n')[0];
  } catch {
    return undefined;
  }
}

let versionCacheFile: string | undefined;

/**
 * Remember the binaries' `-version` answers in `file` (tool-version-cache.ts): a front
 * door that knows its data folder calls this before the first mediaTools(), so a render
 * starts without two process starts.
 */
export function rememberToolVersionsIn(file: string): void {
  versionCacheFile = file;
}

function exe(name: string, platform: NodeJS.Platform): string {
  return platform === 'win32' ? `${name}.exe` : name;
}

function onPath(name: string, te: ToolEnvironment): string[] {
  const found: string[] = [];
  for (const dir of (te.env.PATH ?? '').split(te.platform === 'win32' ? ';' : ':')) {
    if (!dir) continue;
    const candidate = path.join(dir, exe(name, te.platform));
    if (isExecutable(candidate)) found.push(candidate);
  }
  return found;
}

interface Candidate {
  path: string;
  source: ToolSource;
  version: ToolVersion;
}

function probeCandidate(file: string, source: ToolSource, te: ToolEnvironment): Candidate {
  return { path: file, source, version: readToolVersion(te.versionLine(file)) };
}

function besideFfmpeg(ffmpeg: Candidate, te: ToolEnvironment): Candidate | undefined {
  const sibling = path.join(path.dirname(ffmpeg.path), exe('ffprobe', te.platform));
  return isExecutable(sibling) ? probeCandidate(sibling, ffmpeg.source, te) : undefined;
}

function resolveFfmpeg(te: ToolEnvironment): Candidate | undefined {
  const explicit = te.env.FFMPEG_PATH;
  if (explicit && isExecutable(explicit)) return probeCandidate(explicit, 'env', te);
  const fromStatic = te.packageBinary('ffmpeg-static');
  if (fromStatic) return probeCandidate(fromStatic, 'ffmpeg-static', te);
  // The first current one on PATH: an old distribution ffmpeg earlier on PATH is passed over.
  for (const file of onPath('ffmpeg', te)) {
    const candidate = probeCandidate(file, 'PATH', te);
    if (isCurrentFfmpeg(candidate.version)) return candidate;
  }
  const installer = te.packageBinary('@ffmpeg-installer/ffmpeg');
  if (installer) return probeCandidate(installer, '@ffmpeg-installer/ffmpeg', te);
  const anyOnPath = onPath('ffmpeg', te)[0];
  return anyOnPath ? probeCandidate(anyOnPath, 'PATH', te) : undefined;
}

function resolveFfprobe(ffmpeg: Candidate, te: ToolEnvironment): Candidate | undefined {
  const explicit = te.env.FFPROBE_PATH;
  if (explicit && isExecutable(explicit)) return probeCandidate(explicit, 'env', te);
  const sibling = besideFfmpeg(ffmpeg, te);
  if (sibling) return sibling;
  const currentOnPath = (): Candidate | undefined => {
    for (const file of onPath('ffprobe', te)) {
      const candidate = probeCandidate(file, 'PATH', te);
      if (isCurrentFfmpeg(candidate.version)) return candidate;
    }
    return undefined;
  };
  const installer = (): Candidate | undefined => {
    const file = te.packageBinary('@ffprobe-installer/ffprobe');
    return file ? probeCandidate(file, '@ffprobe-installer/ffprobe', te) : undefined;
  };
  // ffmpeg-static ships no ffprobe: the installers pair it with @ffprobe-installer's
  // (scripts/packaging/media-bundle.mjs), so that is its partner before anything on PATH.
  const found = ffmpeg.source === 'ffmpeg-static' ? (installer() ?? currentOnPath()) : (currentOnPath() ?? installer());
  if (found) return found;
  const anyOnPath = onPath('ffprobe', te)[0];
  return anyOnPath ? probeCandidate(anyOnPath, 'PATH', te) : undefined;
}

function describe(tool: Candidate): string {
  return `${tool.version.text ?? 'unknown version'} (${tool.source})`;
}

function pairWarning(ffmpeg: Candidate, ffprobe: Candidate): string | undefined {
  if (!isCurrentFfmpeg(ffmpeg.version)) {
    const remedy = ffmpeg.source === 'env' ? 'point FFMPEG_PATH at ffmpeg 5 or later' : 'install a current ffmpeg (5 or later) from your package manager or set FFMPEG_PATH';
    return `ffmpeg ${describe(ffmpeg)} is older than ffmpeg 5 and decodes your files with years-old code, paired with ffprobe ${describe(ffprobe)}: ${remedy}.`;
  }
  if (!isCurrentFfmpeg(ffprobe.version)) {
    return `ffprobe ${describe(ffprobe)} is older than ffmpeg 5 while ffmpeg is ${describe(ffmpeg)}: install a current ffmpeg with its ffprobe, or set FFPROBE_PATH.`;
  }
  return undefined;
}

function asTool(candidate: Candidate): ResolvedTool {
  return { path: candidate.path, source: candidate.source, ...(candidate.version.text ? { version: candidate.version.text } : {}) };
}

/** Picks the pair for an environment; throws FFMPEG_MISSING with what to install when nothing is found. */
export function resolveMediaTools(te: ToolEnvironment): MediaTools {
  const ffmpeg = resolveFfmpeg(te);
  if (!ffmpeg) {
    throw new TalkingPhotoError('FFMPEG_MISSING', 'ffmpeg was not found: install ffmpeg 5 or later from your package manager, run `npm ci` again, or set FFMPEG_PATH to an ffmpeg binary.');
  }
  const ffprobe = resolveFfprobe(ffmpeg, te);
  if (!ffprobe) {
    throw new TalkingPhotoError('FFMPEG_MISSING', 'ffprobe was not found: install ffmpeg 5 or later (it comes with ffprobe) from your package manager, or set FFPROBE_PATH to an ffprobe binary.');
  }
  const warning = pairWarning(ffmpeg, ffprobe);
  return { ffmpeg: asTool(ffmpeg), ffprobe: asTool(ffprobe), ...(warning ? { warning } : {}) };
}

let cached: MediaTools | undefined;

/** Resolves once per process (a `-version` run per candidate, ~50 ms each), then answers from memory. */
export function mediaTools(): MediaTools {
  cached ??= resolveMediaTools(systemToolEnvironment);
  return cached;
}

function versionLineAsync(file: string): Promise<string | undefined> {
  // A binary that fails, hangs or cannot start has no version to report: it is passed over.
  return runProcess(file, ['-hide_banner', '-version'], { timeoutMs: VERSION_TIMEOUT_MS }).then(
    (result) => result.stdout.toString('utf8').split('\n')[0],
    () => undefined,
  );
}

/**
 * The same choice as mediaTools, with every candidate's `-version` asked in parallel and
 * off the thread: the app's main process (Diagnostics) must not stall while they answer.
 */
export async function loadMediaTools(te: ToolEnvironment = systemToolEnvironment): Promise<MediaTools> {
  if (cached && te === systemToolEnvironment) return cached;
  const ffmpegs = [te.env.FFMPEG_PATH, te.packageBinary('ffmpeg-static'), te.packageBinary('@ffmpeg-installer/ffmpeg'), ...onPath('ffmpeg', te)].filter((f): f is string => !!f && isExecutable(f));
  const ffprobes = [
    te.env.FFPROBE_PATH,
    te.packageBinary('@ffprobe-installer/ffprobe'),
    ...onPath('ffprobe', te),
    ...ffmpegs.map((f) => path.join(path.dirname(f), exe('ffprobe', te.platform))),
  ].filter((f): f is string => !!f && isExecutable(f));
  const files = [...new Set([...ffmpegs, ...ffprobes])];
  const lines = new Map(await Promise.all(files.map(async (f) => [f, await versionLineAsync(f)] as const)));
  const tools = resolveMediaTools({ ...te, versionLine: (f) => (lines.has(f) ? lines.get(f) : te.versionLine(f)) });
  if (te === systemToolEnvironment) cached ??= tools;
  return tools;
}

/**
 * Flags every ffmpeg call carries: untrusted media may not open network or other
 * protocols (a playlist or concat list naming http://… is refused). ffprobe takes the
 * same list without -nostdin.
 */
export const SAFE_INPUT_FLAGS = ['-nostdin', '-hide_banner', '-protocol_whitelist', 'file,pipe'] as const;
export const SAFE_PROBE_FLAGS = ['-hide_banner', '-protocol_whitelist', 'file,pipe'] as const;
