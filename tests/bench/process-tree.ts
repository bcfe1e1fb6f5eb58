import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Resident memory of a process and all its descendants, from /proc (Linux). */
function treeRssBytes(rootPid: number): number {
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const match = /VmRSS:\s+(\d+) kB/.exec(status);
      if (match) total += Number(match[1]) * 1024;
      const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
      if (children) stack.push(...children.split(/\s+/).map(Number));
    } catch {
      // The process ended between listing and reading.
    }
  }
  return total;
}

/** CPU seconds of this process's ended children (and theirs, each waited for), from /proc/self/stat's cutime + cstime. */
function childrenCpuS(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // Clock ticks: 100 a second on Linux.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

export interface Measured {
  wallS: number;
  /** CPU seconds (user + system) of the whole tree, every process and thread it ran. */
  cpuS: number;
  peakRssBytes: number;
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command, sampling the whole process tree's memory every 25 ms; one at a time (its CPU is this process's children's). */
export function measure(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const cpuBefore = childrenCpuS();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let peak = 0;
    let stdout = '';
    let stderr = '';
    const timer = setInterval(() => {
      if (child.pid) peak = Math.max(peak, treeRssBytes(child.pid));
    }, 25);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-8000)));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ wallS: (performance.now() - started) / 1000, cpuS: childrenCpuS() - cpuBefore, peakRssBytes: peak, code: code ?? -1, stdout, stderr });
    });
  });
}
