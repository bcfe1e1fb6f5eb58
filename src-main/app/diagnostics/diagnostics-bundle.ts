import { randomUUID } from 'node:crypto';
import { accessSync, constants, createWriteStream, statSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { yazl } from '../../engine/kit/yazl.js';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { allSettings } from '../library/settings.js';
import type { Library } from '../library/open-library.js';
import { toolStatuses, ttsVersion } from '../ipc/engine-status.js';
import { crashDumpsFolder, logsFolder } from '../log/log-paths.js';
import { crashDumpList, LOG_BYTES_CAP, recentLogs } from './bundle-logs.js';
import { environmentSecrets, makeRedactor, REDACTED, type Redactor } from './bundle-redaction.js';
import { diagnosticsOverview } from './diagnostics-overview.js';
import { libraryHealth } from './library-health.js';

/**
 * "Save diagnostics bundle…" and `tp diagnostics --out FILE.zip`: one zip a creator can
 * attach to a bug report. Everything in it passes through the redactor: no key, token,
 * e-mail address or home folder leaves the machine.
 */

export interface BundleOptions {
  /** The data folder: where the logger writes `logs/`. */
  dataDir: string;
  /** The open library, or why it could not be opened (the bundle is most wanted then). */
  library: { library: Library } | { error: string };
  appVersion: string;
  frontDoor: 'desktop' | 'host' | 'cli';
  env?: NodeJS.ProcessEnv;
  now?: number;
}

export interface BundleResult {
  file: string;
  bytes: number;
  entries: string[];
}

/** The licence's entitlement: a signed token, present or not is all a bug report needs. */
const SECRET_SETTINGS = new Set(['licensing.entitlement']);

/** Settings whose values are secrets (by name, then by value), and the stored tokens themselves. */
function settingsOf(library: Library): { values: Record<string, unknown>; secrets: string[] } {
  const all = allSettings(library);
  const secrets: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(all)) {
    if (SECRET_SETTINGS.has(key)) {
      if (typeof value === 'string') secrets.push(value);
      values[key] = value === undefined || value === null || value === '' ? null : REDACTED;
    } else values[key] = value;
  }
  return { values, secrets };
}

/** Only TalkingPhoto's own and the media tools' variables; secret ones say "set", never their value. */
function environmentOf(env: NodeJS.ProcessEnv, secrets: ReadonlySet<string>): Record<string, string> {
  const ours = Object.entries(env).filter(([name]) => /^(TALKINGPHOTO_|TP_|FFMPEG_PATH$|FFPROBE_PATH$|ELECTRON_)/.test(name));
  return Object.fromEntries(ours.sort(([a], [b]) => a.localeCompare(b)).map(([name, value]) => [name, value !== undefined && secrets.has(value) ? '[set]' : (value ?? '')]));
}

async function versionsOf(appVersion: string, frontDoor: BundleOptions['frontDoor']): Promise<Record<string, unknown>> {
  const [tools, tts] = await Promise.all([toolStatuses(), ttsVersion().catch(() => undefined)]);
  const tool = (t: (typeof tools)['ffmpeg']) =>
    t.found ? { version: t.version ?? null, source: t.source, path: t.path, ...(t.warning ? { warning: t.warning } : {}) } : { found: false, message: t.message };
  return {
    app: { name: 'TalkingPhoto', version: appVersion, frontDoor },
    runtime: { node: process.versions.node, electron: process.versions.electron ?? null, chrome: process.versions.chrome ?? null, v8: process.versions.v8 },
    os: { platform: process.platform, release: os.release(), arch: process.arch, type: os.type(), version: typeof os.version === 'function' ? os.version() : null },
    ffmpeg: tool(tools.ffmpeg),
    ffprobe: tool(tools.ffprobe),
    tts: { name: 'espeak-ng', version: tts ?? null },
  };
}

/** The last failed render: its job, the project's error and whatever report the project keeps. */
function lastFailedJob(library: Library): Record<string, unknown> | null {
  const job = library.sqlite
    .prepare(
      `SELECT id, project_id AS projectId, state, priority, attempts, max_attempts AS maxAttempts, request, checkpoint,
              last_error_code AS errorCode, last_error_message AS errorMessage, created_at AS createdAt, started_at AS startedAt, finished_at AS finishedAt
       FROM jobs WHERE state = 'failed' ORDER BY coalesce(finished_at, updated_at) DESC LIMIT 1`,
    )
    .get() as Record<string, unknown> | undefined;
  if (!job) return null;
  const project = library.sqlite
    .prepare(
      `SELECT id, type, status, language, voice, target_duration_s AS targetDurationS, platforms, error_code AS errorCode, error_message AS errorMessage,
              render_report AS renderReport, stage_timings AS stageTimings, providers_used AS providersUsed, actual_cost_usd AS actualCostUsd
       FROM projects WHERE id = ?`,
    )
    .get(job.projectId) as Record<string, unknown> | undefined;
  const parse = (text: unknown): unknown => {
    if (typeof text !== 'string') return text ?? null;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };
  return {
    job: { ...job, request: parse(job.request), checkpoint: parse(job.checkpoint) },
    // The script and title stay out: what the creator wrote is theirs, and not what failed.
    project: project
      ? { ...project, platforms: parse(project.platforms), renderReport: parse(project.renderReport), stageTimings: parse(project.stageTimings), providersUsed: parse(project.providersUsed) }
      : null,
  };
}

const README = (entries: string[], logsTruncated: boolean): string =>
  [
    'TalkingPhoto diagnostics bundle',
    '',
    'Attach this zip to a bug report. Keys, tokens, e-mail addresses and your home folder',
    'were removed from every file; your photos, recordings, scripts and videos are not in it.',
    '',
    ...entries.map((e) => `  ${e}`),
    '',
    logsTruncated ? `Logs are capped at ${LOG_BYTES_CAP / 1024 / 1024} MB: the oldest lines were left out.` : 'Logs are complete.',
    '',
  ].join('\n');

/**
 * Refuses a destination that cannot be written before anything is made: its folder must
 * exist and be writable, and it must not be a folder itself.
 */
export function checkBundleDestination(file: string): string {
  const target = path.resolve(file);
  const folder = path.dirname(target);
  let folderInfo;
  try {
    folderInfo = statSync(folder);
  } catch {
    throw new TalkingPhotoError('OUTPUT_NOT_WRITABLE', `The folder ${folder} does not exist: create it first or choose another place for the diagnostics bundle.`);
  }
  if (!folderInfo.isDirectory()) throw new TalkingPhotoError('OUTPUT_NOT_WRITABLE', `${folder} is not a folder: choose a file inside a folder for the diagnostics bundle.`);
  try {
    if (statSync(target).isDirectory())
      throw new TalkingPhotoError('OUTPUT_NOT_WRITABLE', `${target} is a folder: give the bundle a file name, for example ${path.join(target, 'talkingphoto-diagnostics.zip')}.`);
  } catch (error) {
    if (error instanceof TalkingPhotoError) throw error;
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new TalkingPhotoError('OUTPUT_NOT_WRITABLE', `You may not write in ${folder}: choose a folder of your own for the diagnostics bundle.`);
  }
  return target;
}

async function writeZip(entries: ReadonlyArray<{ name: string; data: string }>, target: string): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) zip.addBuffer(Buffer.from(entry.data, 'utf8'), entry.name);
  zip.end();
  const partial = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.partial`);
  try {
    await pipeline(zip.outputStream, createWriteStream(partial, { flags: 'wx' }));
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    const code = (error as { code?: string }).code;
    if (code === 'ENOSPC') throw new TalkingPhotoError('DISK_FULL', `The disk is full: free some space or choose another place for the diagnostics bundle.`, { cause: error });
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new TalkingPhotoError('OUTPUT_NOT_WRITABLE', `You may not write in ${path.dirname(target)}: choose a folder of your own for the diagnostics bundle.`, { cause: error });
    }
    throw error;
  }
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The bundle's files, already redacted: the zip writer and the tests read the same list. */
async function bundleEntries(options: BundleOptions): Promise<{ entries: Array<{ name: string; data: string }>; redactor: Redactor }> {
  const env = options.env ?? process.env;
  const opened = 'library' in options.library ? options.library.library : null;
  const settings = opened ? settingsOf(opened) : { values: null, secrets: [] };
  const envSecrets = environmentSecrets(env);
  const redactor = makeRedactor({ secrets: [...envSecrets, ...settings.secrets] });

  const entries: Array<{ name: string; data: string }> = [];
  const add = (name: string, value: unknown): void => void entries.push({ name, data: json(redactor.json(value)) });

  add('versions.json', await versionsOf(options.appVersion, options.frontDoor));
  add('environment.json', environmentOf(env, new Set(envSecrets)));
  add('library-health.json', libraryHealth(opened?.dataDir ?? options.dataDir, opened ? { library: opened } : options.library));
  if (opened) {
    add('settings.json', settings.values);
    add('diagnostics.json', await diagnosticsOverview(opened, { now: options.now }));
    const failed = lastFailedJob(opened);
    if (failed) add('last-failed-job/report.json', failed);
  }
  const logs = await recentLogs(logsFolder(options.dataDir), redactor);
  for (const log of logs) entries.push({ name: `logs/${log.name}`, data: log.text });
  const crashes = await crashDumpList(crashDumpsFolder(options.dataDir));
  // Named, never included: a minidump is a copy of the process's memory, keys and all, and cannot be redacted.
  if (crashes.length > 0) add('crashes.json', { note: 'Crash dumps stay on this computer; attach one only if a maintainer asks for it.', dumps: crashes });
  entries.unshift({
    name: 'README.txt',
    data: README(
      entries.map((e) => e.name),
      logs.some((l) => l.truncated),
    ),
  });
  return { entries, redactor };
}

export async function writeDiagnosticsBundle(file: string, options: BundleOptions): Promise<BundleResult> {
  const target = checkBundleDestination(file);
  const { entries } = await bundleEntries(options);
  await writeZip(entries, target);
  return { file: target, bytes: (await stat(target)).size, entries: entries.map((e) => e.name) };
}
