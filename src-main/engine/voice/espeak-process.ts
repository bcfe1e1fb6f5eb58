import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { childLauncher } from '../child/child-launcher.js';
import { cancelled } from '../pipeline/cancellation.js';

/**
 * Runs espeak-worker.mjs as a child process (eSpeak NG is GPL-3.0 and must not be loaded
 * into our process) and collects one WAV + IPA + eSpeak's own phone and word events per clause.
 */

export interface EspeakJob {
  outDir: string;
  voice: string;
  rate?: number;
  pitch?: number;
  /** `ssml`: the text is SSML we built (user text escaped inside it), read with eSpeak's -m. */
  clauses: Array<{ text: string; voice?: string; ssml?: boolean }>;
}

/**
 * One of eSpeak's synthesis events inside a clause: `ms` is the audio position in the
 * clause's WAV, `pos` the 0-based code point index in the clause text as sent.
 */
export type EspeakEvent =
  | { type: 'word'; ms: number; pos: number; len: number }
  /** `ipa` as eSpeak writes it, stress marks included; '' is a pause. */
  | { type: 'phoneme'; ms: number; pos: number; ipa: string }
  | { type: 'end'; ms: number };

export interface EspeakClauseResult {
  index: number;
  wav: string;
  ipa: string;
  ms: number;
  events: EspeakEvent[];
}

export interface EspeakRun {
  version?: string;
  /** Process start to the wasm compiled and eSpeak answering, as the parent saw it. */
  startupMs: number;
  totalMs: number;
  clauses: EspeakClauseResult[];
}

export interface EspeakRunOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  onClause?: (clause: EspeakClauseResult) => void;
}

const WORKER = fileURLToPath(new URL('./espeak-worker.mjs', import.meta.url));

type WorkerLine =
  | { type: 'ready'; version?: string; compileMs: number }
  | ({ type: 'clause' } & EspeakClauseResult)
  | { type: 'done'; totalMs: number }
  | { type: 'error'; message: string };

function isEspeakEvent(value: unknown): value is EspeakEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  if (typeof event.ms !== 'number' || !Number.isFinite(event.ms)) return false;
  if (event.type === 'end') return true;
  if (typeof event.pos !== 'number') return false;
  return event.type === 'word' ? typeof event.len === 'number' : event.type === 'phoneme' && typeof event.ipa === 'string';
}

function ttsFailed(detail: string): TalkingPhotoError {
  return new TalkingPhotoError('TTS_FAILED', 'The offline voice could not speak this script. Try again, or use your own recording.', {
    detail,
  });
}

/** Settles only after the child has exited, so a rejection never leaves eSpeak running. */
export function runEspeak(job: EspeakJob, options: EspeakRunOptions): Promise<EspeakRun> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(cancelled());
      return;
    }
    const started = performance.now();
    // The job travels as a file beside the WAVs it asks for: a utility process (the
    // desktop app's launcher) has no stdin, and the script must not show in a process
    // list as an argument.
    const jobFile = path.join(job.outDir, 'espeak-job.json');
    try {
      if (!path.isAbsolute(job.outDir)) throw new Error('outDir must be an absolute path');
      mkdirSync(job.outDir, { recursive: true });
      writeFileSync(jobFile, JSON.stringify(job), { mode: 0o600 });
    } catch (error) {
      reject(ttsFailed(`could not hand the job to the espeak worker: ${(error as Error).message}`));
      return;
    }
    // NODE_OPTIONS is ours, not the worker's: a debugger's --inspect or a test loader must not follow it.
    const { NODE_OPTIONS: _ours, ...env } = process.env;
    const child = childLauncher().start(WORKER, { name: 'eSpeak NG', args: ['--job', jobFile], env });
    const result: EspeakRun = { startupMs: 0, totalMs: 0, clauses: [] };
    let failure: Error | undefined;
    let done = false;
    let stderr = '';
    let pending = '';
    let timedOut = false;

    const kill = (): void => child.kill();
    const onAbort = (): void => kill();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);

    const handle = (line: string): void => {
      if (!line.trim()) return;
      let message: WorkerLine;
      try {
        message = JSON.parse(line) as WorkerLine;
      } catch {
        failure ??= new Error(`espeak worker printed something that is not JSON: ${line.slice(0, 200)}`);
        return;
      }
      if (message.type === 'ready') {
        result.version = message.version;
        result.startupMs = Math.round(performance.now() - started);
      } else if (message.type === 'clause') {
        const clause: EspeakClauseResult = {
          index: message.index,
          wav: message.wav,
          ipa: message.ipa,
          ms: message.ms,
          events: Array.isArray(message.events) ? message.events.filter(isEspeakEvent) : [],
        };
        result.clauses.push(clause);
        try {
          options.onClause?.(clause);
        } catch (error) {
          failure ??= error instanceof Error ? error : new Error(String(error));
          kill();
        }
      } else if (message.type === 'done') {
        done = true;
      } else if (message.type === 'error') {
        failure ??= new Error(message.message);
      }
    };

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline !== -1) {
        handle(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-8000);
    });
    child.on('error', (error) => {
      failure ??= error;
      // A child that never started emits no 'close'.
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      rmSync(jobFile, { force: true });
      reject(ttsFailed(`could not start the espeak worker: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      rmSync(jobFile, { force: true });
      handle(pending);
      result.totalMs = Math.round(performance.now() - started);
      if (options.signal?.aborted) reject(cancelled());
      else if (failure instanceof TalkingPhotoError) reject(failure);
      else if (timedOut) reject(ttsFailed(`espeak worker timed out after ${options.timeoutMs} ms`));
      else if (failure) reject(ttsFailed(failure.message));
      else if (!done || code !== 0) reject(ttsFailed(`espeak worker exited with ${code ?? signal}: ${stderr.slice(-2000)}`));
      else if (result.clauses.length !== job.clauses.length) reject(ttsFailed(`espeak worker returned ${result.clauses.length} of ${job.clauses.length} clauses`));
      else resolve(result);
    });
  });
}
