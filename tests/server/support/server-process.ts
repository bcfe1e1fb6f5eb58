import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { REPO_ROOT } from '../../support/fixtures.js';

/** `npm run server` in a child process, the way a deployment starts it (--silent: npm's own banner would come first on stdout). */
export function startServer(env: Record<string, string>) {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(STRIPE_|TALKINGPHOTO_SERVER_|TALKINGPHOTO_ENTITLEMENT_|DATABASE_URL$|PORT$|HOST$)/.test(name)));
  const child = spawn('npm', ['run', '--silent', 'server'], { cwd: REPO_ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const firstLine = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 60 s\n${stderr}`)), 60_000);
    child.stdout.on('data', () => {
      const end = stdout.indexOf('\n');
      if (end === -1) return;
      clearTimeout(timer);
      resolve(stdout.slice(0, end));
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before printing a URL\n${stderr}`));
    });
  });
  // A test that expects the exit never awaits the URL; one that awaits it still sees the rejection.
  firstLine.catch(() => undefined);
  // The whole process group: npm, its shell, tsx and the service.
  const stop = (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
    return exited;
  };
  return { firstLine, exited, stop, settled: () => groupSettled(child.pid!), stdout: () => stdout, stderr: () => stderr };
}

/** CPU time (clock ticks, user + system) of every process in a process group, read from /proc; undefined where there is no /proc. */
function groupCpuTicks(group: number): number | undefined {
  let names: string[];
  try {
    names = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  let ticks = 0;
  for (const pid of names) {
    try {
      // The fields after the command's closing bracket: state is the first, pgrp the third, utime and stime the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === group) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ticks;
}

/**
 * Resolves once the service's processes have stopped working (no more than a tick of CPU in
 * 100 ms): the work a service does after an answer (a hash, a mail) ends before the next
 * probe is timed. At most `limitMs`; without /proc, it waits that long.
 */
async function groupSettled(group: number, limitMs = 1000): Promise<void> {
  const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  const start = Date.now();
  const first = groupCpuTicks(group);
  if (first === undefined) return pause(limitMs);
  let before: number = first;
  while (Date.now() - start < limitMs) {
    await pause(100);
    const now: number = groupCpuTicks(group) ?? before;
    if (now - before <= 1) return;
    before = now;
  }
}
