import { spawn } from 'node:child_process';
import { cancelled } from '../pipeline/cancellation.js';

export interface RunOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Written to stdin, then stdin is closed. */
  input?: Buffer;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface RunResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs a child to completion. Cancelling (signal) or timing out kills the child, so no
 * orphan ffmpeg keeps writing after the creator pressed Cancel.
 */
export function runProcess(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(cancelled());
      return;
    }
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const out: Buffer[] = [];
    let err = '';
    let settled = false;
    let timedOut = false;
    const kill = (): void => {
      if (child.exitCode === null) child.kill('SIGKILL');
    };
    const onAbort = (): void => kill();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          kill();
        }, options.timeoutMs)
      : undefined;
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      // Keep the tail only: ffmpeg can print megabytes of progress.
      err = (err + chunk.toString('utf8')).slice(-64_000);
    });
    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (code) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) {
        reject(cancelled());
        return;
      }
      if (timedOut) {
        reject(new Error(`${command} timed out after ${options.timeoutMs} ms: ${err.slice(-2000)}`));
        return;
      }
      resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr: err });
    });
    if (options.input && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}
