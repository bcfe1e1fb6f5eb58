import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { ChildProcessError, startNodeChild, type ChildResult } from '../child/run-child.js';
import { cancelled } from '../pipeline/cancellation.js';
import { LineReader, readWorkerLine, type EspeakClauseResult } from './espeak-lines.js';

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

export type { EspeakClauseResult, EspeakEvent } from './espeak-lines.js';

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

function ttsFailed(detail: string): TalkingPhotoError {
  return new TalkingPhotoError('TTS_FAILED', 'The offline voice could not speak this script. Try again, or use your own recording.', {
    detail,
  });
}

/** Settles only after the child has exited (the runner's promise), so a rejection never leaves eSpeak running. */
export async function runEspeak(job: EspeakJob, options: EspeakRunOptions): Promise<EspeakRun> {
  if (options.signal?.aborted) throw cancelled();
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
    throw ttsFailed(`could not hand the job to the espeak worker: ${(error as Error).message}`);
  }
  // NODE_OPTIONS is ours, not the worker's: a debugger's --inspect or a test loader must not follow it.
  const { NODE_OPTIONS: _ours, ...env } = process.env;
  const child = startNodeChild(WORKER, { name: 'espeak worker', args: ['--job', jobFile], env, signal: options.signal, timeoutMs: options.timeoutMs, stderrTailChars: 8000 });
  const result: EspeakRun = { startupMs: 0, totalMs: 0, clauses: [] };
  let failure: Error | undefined;
  let done = false;

  const handle = (line: string): void => {
    const message = readWorkerLine(line);
    if (!message) return;
    if (message.type === 'garbled') {
      failure ??= new Error(`espeak worker printed something that is not JSON: ${message.text}`);
    } else if (message.type === 'ready') {
      result.version = message.version;
      result.startupMs = Math.round(performance.now() - started);
    } else if (message.type === 'clause') {
      const { type: _clause, ...clause } = message;
      result.clauses.push(clause);
      try {
        options.onClause?.(clause);
      } catch (error) {
        failure ??= error instanceof Error ? error : new Error(String(error));
        child.kill();
      }
    } else if (message.type === 'done') {
      done = true;
    } else if (message.type === 'error') {
      failure ??= new Error(message.message);
    }
  };

  const lines = new LineReader();
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => lines.push(chunk).forEach(handle));
  let exit: ChildResult | ChildProcessError;
  try {
    exit = await child.done;
  } catch (error) {
    // Cancelled, or a start that failed, ends here; an exit or a timeout is judged below.
    if (!(error instanceof ChildProcessError) || error.reason === 'start') {
      rmSync(jobFile, { force: true });
      throw error instanceof ChildProcessError ? ttsFailed(`could not start the espeak worker: ${error.cause instanceof Error ? error.cause.message : error.message}`) : error;
    }
    exit = error;
  }
  rmSync(jobFile, { force: true });
  lines.end().forEach(handle);
  result.totalMs = Math.round(performance.now() - started);
  if (failure instanceof TalkingPhotoError) throw failure;
  if (exit instanceof ChildProcessError && exit.reason === 'timeout') throw ttsFailed(`espeak worker timed out after ${options.timeoutMs} ms`);
  if (failure) throw ttsFailed(failure.message);
  if (exit instanceof ChildProcessError) throw ttsFailed(exit.message);
  if (!done) throw ttsFailed(`espeak worker exited with ${exit.code ?? exit.signal}: ${exit.stderr.trim().slice(-2000)}`);
  if (result.clauses.length !== job.clauses.length) throw ttsFailed(`espeak worker returned ${result.clauses.length} of ${job.clauses.length} clauses`);
  return result;
}
