import type { DiagnosticsOverview } from '../../../src-shared/ipc/diagnostics-channels.js';
import { monitoringWarnings } from '../../../src-shared/monitoring.js';
import type { Library } from '../library/open-library.js';
import { readRenderFigures, readSlowSteps, readSpend } from './library-figures.js';
import { readMachine } from './machine-figures.js';

/**
 * Everything the diagnostics page shows about this machine and library, with the seed's
 * thresholds turned into warnings. The window, the host and the bundle share it.
 */
export async function diagnosticsOverview(library: Library, options: { now?: number; sampleMs?: number } = {}): Promise<DiagnosticsOverview> {
  const now = options.now ?? Date.now();
  const machine = await readMachine(library.dataDir, options.sampleMs);
  const slowSteps = readSlowSteps(library, now);
  return {
    machine,
    renders: readRenderFigures(library),
    spend: readSpend(library, now),
    slowSteps,
    warnings: monitoringWarnings({ cpuPercent: machine.cpuPercent, memoryPercent: machine.memory.usedPercent, diskPercent: machine.disk?.usedPercent ?? null, slowSteps }),
    measuredAt: now,
  };
}
