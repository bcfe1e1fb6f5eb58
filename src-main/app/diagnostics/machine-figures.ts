import { statfs } from 'node:fs/promises';
import os from 'node:os';
import type { Machine } from '../../../src-shared/ipc/diagnostics-channels.js';

/**
 * This machine's processor, memory and disk, as the diagnostics page shows them. The
 * arithmetic is in pure functions (tested on made-up counters); `readMachine` only asks
 * the OS.
 */

export interface CpuTimes {
  user: number;
  nice: number;
  sys: number;
  idle: number;
  irq: number;
}

/**
 * Busy share of all cores between two readings of `os.cpus()` times, 0–100. Null when no
 * time passed or the OS gave no counters (some containers report none).
 */
export function cpuBusyPercent(before: readonly CpuTimes[], after: readonly CpuTimes[]): number | null {
  let busy = 0;
  let total = 0;
  for (let i = 0; i < Math.min(before.length, after.length); i += 1) {
    const a = before[i]!;
    const b = after[i]!;
    const idle = b.idle - a.idle;
    const all = b.user - a.user + (b.nice - a.nice) + (b.sys - a.sys) + (b.irq - a.irq) + idle;
    busy += all - idle;
    total += all;
  }
  if (total <= 0) return null;
  return Math.min(100, Math.max(0, (busy / total) * 100));
}

export function memoryFigures(totalBytes: number, availableBytes: number): Machine['memory'] {
  const used = totalBytes > 0 ? ((totalBytes - availableBytes) / totalBytes) * 100 : 0;
  return { totalBytes, availableBytes, usedPercent: Math.min(100, Math.max(0, used)) };
}

/**
 * Used share as `df` shows it: blocks in use over the blocks an ordinary user could fill
 * (the root-reserved blocks count as neither), so a volume `df` calls 91 % full is 91 % here.
 */
export function diskFigures(folder: string, stats: { bsize: number; blocks: number; bfree: number; bavail: number }): NonNullable<Machine['disk']> {
  const used = stats.blocks - stats.bfree;
  const usable = used + stats.bavail;
  return {
    folder,
    totalBytes: stats.blocks * stats.bsize,
    freeBytes: stats.bavail * stats.bsize,
    usedPercent: usable > 0 ? (used / usable) * 100 : 0,
  };
}

const timesNow = (): CpuTimes[] => os.cpus().map((cpu) => cpu.times);

/** Long enough for the counters (10 ms ticks) to mean something, short enough for a page refresh. */
export const CPU_SAMPLE_MS = 300;

export async function readMachine(dataDir: string, sampleMs = CPU_SAMPLE_MS): Promise<Machine> {
  const before = timesNow();
  const [disk] = await Promise.all([
    statfs(dataDir).then(
      (stats) => diskFigures(dataDir, stats),
      () => null,
    ),
    new Promise((resolve) => setTimeout(resolve, sampleMs)),
  ]);
  return {
    cores: os.cpus().length || os.availableParallelism(),
    cpuPercent: cpuBusyPercent(before, timesNow()),
    loadAverage: os.loadavg()[0] ?? 0,
    // Node reads MemAvailable on Linux: the page cache the OS would give back counts as free.
    memory: memoryFigures(os.totalmem(), os.freemem()),
    disk,
  };
}
