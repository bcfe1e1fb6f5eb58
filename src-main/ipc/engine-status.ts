import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isTalkingPhotoError } from '../../src-shared/errors.js';
import type { EngineStatus, ToolStatus } from '../../src-shared/ipc/engine-channels.js';
import { SUPPORTED_LANGUAGES } from '../../src-shared/limits.js';
import { mediaTools, type ResolvedTool } from '../media/ffmpeg.js';
import { runProcess } from '../media/run-process.js';
import { runEspeak } from '../voice/espeak-process.js';
import type { PlatformShell } from './platform-shell.js';

/**
 * `engine:status`: which ffmpeg, ffprobe and TTS this machine renders with, and their
 * versions. Versions cost a process start each, so they are asked once per process and
 * kept; the paths are re-resolved every time (cheap, and cached by mediaTools anyway).
 */

const ESPEAK_LICENSE = 'GPL-3.0-or-later';
/** Asking for a version is a start-up and an exit; more than this means something is wrong. */
const VERSION_TIMEOUT_MS = 15_000;

const versions = new Map<string, Promise<string | undefined>>();

function once(key: string, ask: () => Promise<string | undefined>): Promise<string | undefined> {
  let pending = versions.get(key);
  if (!pending) {
    pending = ask().catch(() => undefined);
    versions.set(key, pending);
  }
  return pending;
}

/** First line of `ffmpeg -version` is "ffmpeg version N-… Copyright…"; ffprobe's likewise. */
async function toolVersion(tool: ResolvedTool): Promise<string | undefined> {
  const run = await runProcess(tool.path, ['-hide_banner', '-version'], { timeoutMs: VERSION_TIMEOUT_MS });
  return /version\s+(\S+)/.exec(run.stdout.toString('utf8'))?.[1];
}

/**
 * eSpeak NG prints its version as its worker starts; the worker wants at least one
 * clause, so it also speaks a word (about 50 ms) into a scratch folder.
 */
async function espeakVersion(): Promise<string | undefined> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'tp-espeak-version-'));
  try {
    const run = await runEspeak({ outDir: scratch, voice: 'en', clauses: [{ text: 'ok' }] }, { timeoutMs: VERSION_TIMEOUT_MS });
    return run.version;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function toolStatuses(): Promise<{ ffmpeg: ToolStatus; ffprobe: ToolStatus }> {
  let tools;
  try {
    tools = mediaTools();
  } catch (error) {
    const message = isTalkingPhotoError(error) ? error.message : 'ffmpeg could not be located.';
    return { ffmpeg: { found: false, message }, ffprobe: { found: false, message } };
  }
  const [ffmpegVersion, ffprobeVersion] = await Promise.all([
    once(`ffmpeg:${tools.ffmpeg.path}`, () => toolVersion(tools.ffmpeg)),
    once(`ffprobe:${tools.ffprobe.path}`, () => toolVersion(tools.ffprobe)),
  ]);
  return {
    ffmpeg: { found: true, path: tools.ffmpeg.path, source: tools.ffmpeg.source, version: ffmpegVersion },
    ffprobe: { found: true, path: tools.ffprobe.path, source: tools.ffprobe.source, version: ffprobeVersion },
  };
}

export async function engineStatus(input: { shell: PlatformShell; appVersion: string; activeRenderId: string | null }): Promise<EngineStatus> {
  const [tools, ttsVersion] = await Promise.all([toolStatuses(), once('espeak-ng', espeakVersion)]);
  return {
    app: { name: 'TalkingPhoto', version: input.appVersion },
    frontDoor: input.shell.frontDoor,
    runtime: { node: process.versions.node, electron: process.versions.electron, platform: process.platform, arch: process.arch },
    capabilities: { ...input.shell.capabilities },
    ...tools,
    tts: { name: 'espeak-ng', version: ttsVersion, license: ESPEAK_LICENSE, languages: [...SUPPORTED_LANGUAGES] },
    activeRenderId: input.activeRenderId,
  };
}
