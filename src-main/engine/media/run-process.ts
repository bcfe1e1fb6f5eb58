import { runProcess as runChild } from '../child/run-child.js';

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
 * Runs ffmpeg, ffprobe or an OS tool to completion under the engine's one runner
 * (child/run-child.ts): cancelling or timing out kills the child, so no orphan ffmpeg
 * keeps writing after the creator pressed Cancel.
 */
export async function runProcess(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const result = await runChild(command, args, {
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    cwd: options.cwd,
    env: options.env,
    ...(options.input ? { stdin: options.input } : {}),
    // Every exit resolves: these callers read `code` and say in their own words what failed.
    expectedExitCodes: 'any',
    // Some callers read ffmpeg's report from stderr (media-health's filters print there).
    stderrTailChars: 64_000,
  });
  return { code: result.code ?? -1, stdout: result.stdout, stderr: result.stderr };
}
