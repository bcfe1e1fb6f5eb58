import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { leanMallocEnv } from '../../src-main/engine/media/lean-malloc.js';
import { REPO_ROOT } from './fixtures.js';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** With `cpu`: the CPU time (user + system, seconds) the process had used when last read, 20 ms at most before it ended (Linux /proc). */
  cpuS?: number;
}

/** A process's CPU time so far, seconds, from /proc; undefined once it is gone or where there is no /proc. */
function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, the 14th and 15th fields, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Runs `npm run tp -- ...` the way a creator does (via tsx, no build step). The allocator
 * settings `tp render` would relaunch itself with (tp.ts, lean-malloc.ts) are given from
 * the start, so the render runs in the process started here exactly as in the relaunched
 * one, without a second Node start each time (0.3 CPU-s and 0.5 s); the relaunch itself
 * is tests/engine/cli-lean-process.test.ts's to prove.
 */
export function runCli(args: string[], options: { onSpawn?: (kill: (signal: NodeJS.Signals) => void) => void; env?: NodeJS.ProcessEnv; cpu?: boolean } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src-main/doors/cli/tp.ts'), ...args], {
      cwd: REPO_ROOT,
      env: leanMallocEnv({ ...process.env, ...options.env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    let cpuS: number | undefined;
    const cpuPoll = options.cpu ? setInterval(() => (cpuS = cpuSecondsOf(child.pid!) ?? cpuS), 20) : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(cpuPoll);
      resolve({ code, signal, stdout, stderr, ...(options.cpu ? { cpuS } : {}) });
    });
    options.onSpawn?.((signal) => child.kill(signal));
  });
}
