import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { cpuBusyPercent, diskFigures, memoryFigures, readMachine } from './machine-figures.js';

const times = (busy: number, idle: number) => ({ user: busy, nice: 0, sys: 0, idle, irq: 0 });

describe("this machine's figures", () => {
  it('reads CPU use as the busy share of all cores between two samples', () => {
    // Core 1: 90 busy of 100; core 2: 10 busy of 100 → 50 %.
    expect(cpuBusyPercent([times(1000, 5000), times(2000, 3000)], [times(1090, 5010), times(2010, 3090)])).toBeCloseTo(50, 9);
    expect(cpuBusyPercent([times(1000, 5000)], [times(1000, 5000)])).toBeNull();
  });

  it('reads memory as the share not available to programs', () => {
    expect(memoryFigures(16e9, 2e9).usedPercent).toBeCloseTo(87.5, 9);
  });

  it("reads disk use as df does, leaving out root's reserved blocks", () => {
    // 1000 blocks, 100 free of which 50 reserved: df says 900 / (900 + 50) = 94.7 %.
    const disk = diskFigures('/data', { bsize: 4096, blocks: 1000, bfree: 100, bavail: 50 });
    expect(disk.usedPercent).toBeCloseTo(94.74, 1);
    expect(disk.freeBytes).toBe(50 * 4096);
    expect(disk.totalBytes).toBe(1000 * 4096);
  });

  it('asks the OS for the real figures of the volume holding a folder', async () => {
    const machine = await readMachine(os.tmpdir(), 50);
    expect(machine.cores).toBeGreaterThan(0);
    expect(machine.memory.totalBytes).toBe(os.totalmem());
    expect(machine.disk?.totalBytes).toBeGreaterThan(0);
    expect(machine.disk!.usedPercent).toBeGreaterThanOrEqual(0);
    expect(machine.disk!.usedPercent).toBeLessThanOrEqual(100);
  });
});
