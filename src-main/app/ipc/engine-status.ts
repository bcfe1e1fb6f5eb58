import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isTalkingPhotoError } from '../../../src-shared/errors.js';
import type { EngineStatus, ToolStatus } from '../../../src-shared/ipc/engine-channels.js';
import { SUPPORTED_LANGUAGES } from '../../../src-shared/limits.js';
import { loadMediaTools, type MediaTools, type ResolvedTool } from '../../engine/media/ffmpeg.js';
import { runEspeak } from '../../engine/voice/espeak-process.js';
import type { PlatformShell } from './platform-shell.js';

/**
 * `engine:status`: which ffmpeg, ffprobe and TTS this machine renders with, and their
 * versions. Versions cost a process start each, so they are asked once per process and
 * kept (mediaTools reads ffmpeg's and ffprobe's while choosing the pair).
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

/** The pair mediaTools chose, with the versions it read while choosing (asked off the main thread). */
export async function toolStatuses(): Promise<{ ffmpeg: ToolStatus; ffprobe: ToolStatus }> {
  let tools: MediaTools;
  try {
    tools = await loadMediaTools();
  } catch (error) {
    const message = isTalkingPhotoError(error) ? error.message : 'ffmpeg could not be located.';
    return { ffmpeg: { found: false, message }, ffprobe: { found: false, message } };
  }
  const status = (tool: ResolvedTool): ToolStatus => ({
    found: true,
    path: tool.path,
    source: tool.source,
    ...(tool.version ? { version: tool.version } : {}),
    ...(tools.warning ? { warning: tools.warning } : {}),
  });
  return { ffmpeg: status(tools.ffmpeg), ffprobe: status(tools.ffprobe) };
}

/** eSpeak NG's version, asked once per process (the diagnostics bundle names it too). */
export function ttsVersion(): Promise<string | undefined> {
  return once('espeak-ng', espeakVersion);
}

export async function engineStatus(input: { shell: PlatformShell; appVersion: string }): Promise<EngineStatus> {
  const [tools, ttsVersion] = await Promise.all([toolStatuses(), once('espeak-ng', espeakVersion)]);
  return {
    app: { name: 'TalkingPhoto', version: input.appVersion },
    frontDoor: input.shell.frontDoor,
    runtime: { node: process.versions.node, electron: process.versions.electron, platform: process.platform, arch: process.arch },
    capabilities: { ...input.shell.capabilities },
    ...tools,
    tts: { name: 'espeak-ng', version: ttsVersion, license: ESPEAK_LICENSE, languages: [...SUPPORTED_LANGUAGES] },
  };
}
