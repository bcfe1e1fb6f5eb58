import { DAILY_CAP_ALERT_FRACTION } from './providers.js';

/**
 * The diagnostics page's thresholds and the sentences they raise. Pure: main computes the
 * figures, these functions decide what the creator is warned about, and the window, the
 * CLI and the diagnostics bundle all say the same thing.
 */

/**
 * The seed's monitoring thresholds (reference/seed-web-architecture.md, MonitoringManager:
 * `ai_service_time` 30000 ms, `memory_usage` 85, `cpu_usage` 80, `disk_usage` 90), as
 * SPEC §7 maps them onto this machine.
 */
export const MONITORING_THRESHOLDS = {
  aiStepMs: 30_000,
  memoryPercent: 85,
  cpuPercent: 80,
  diskPercent: 90,
} as const;

export type MonitoringWarningKind = 'cpu' | 'memory' | 'disk' | 'ai_step';

export interface MonitoringWarning {
  kind: MonitoringWarningKind;
  /** The measured figure (percent, or milliseconds for an AI step). */
  figure: number;
  threshold: number;
  /** One sentence: what was measured and what to do. */
  message: string;
}

/** A cloud call that took long, from the provider health log. */
export interface SlowStep {
  providerName: string;
  /** In the creator's words: "photo enhancement", "speech", "talking video". */
  what: string;
  latencyMs: number;
}

export interface MachineReadings {
  /** Busy share of all cores over a short sample, 0–100; null where it could not be read. */
  cpuPercent: number | null;
  memoryPercent: number;
  /** Used share of the volume holding the library; null where the OS would not say. */
  diskPercent: number | null;
  /** The slowest recent cloud call of each provider that crossed the AI-step threshold. */
  slowSteps: readonly SlowStep[];
}

const percent = (value: number): string => `${Math.round(value)} %`;

function inSeconds(ms: number): string {
  const s = ms / 1000;
  return s < 120 ? `${s.toFixed(s < 10 ? 1 : 0)} s` : `${(s / 60).toFixed(1)} min`;
}

/** The warnings a machine's readings raise, in the order a creator should act on them. */
export function monitoringWarnings(readings: MachineReadings, thresholds = MONITORING_THRESHOLDS): MonitoringWarning[] {
  const warnings: MonitoringWarning[] = [];
  if (readings.diskPercent !== null && readings.diskPercent > thresholds.diskPercent) {
    warnings.push({
      kind: 'disk',
      figure: readings.diskPercent,
      threshold: thresholds.diskPercent,
      message: `The disk holding your library is ${percent(readings.diskPercent)} full (over ${thresholds.diskPercent} %): delete videos you no longer need or move the library to a larger disk in Settings, or the next render may not be saved.`,
    });
  }
  if (readings.memoryPercent > thresholds.memoryPercent) {
    warnings.push({
      kind: 'memory',
      figure: readings.memoryPercent,
      threshold: thresholds.memoryPercent,
      message: `Memory is ${percent(readings.memoryPercent)} used (over ${thresholds.memoryPercent} %): close programs you are not using or render a smaller size, or a render may fail.`,
    });
  }
  if (readings.cpuPercent !== null && readings.cpuPercent > thresholds.cpuPercent) {
    warnings.push({
      kind: 'cpu',
      figure: readings.cpuPercent,
      threshold: thresholds.cpuPercent,
      message: `The processor is ${percent(readings.cpuPercent)} busy (over ${thresholds.cpuPercent} %): close other heavy programs or let the queue finish before starting more, or renders will be slow.`,
    });
  }
  for (const step of readings.slowSteps) {
    if (step.latencyMs <= thresholds.aiStepMs) continue;
    warnings.push({
      kind: 'ai_step',
      figure: step.latencyMs,
      threshold: thresholds.aiStepMs,
      message: `${step.providerName} took ${inSeconds(step.latencyMs)} for ${step.what} (over ${thresholds.aiStepMs / 1000} s): if it keeps happening, move it down the chain in Settings, Providers, or render that step on this computer.`,
    });
  }
  return warnings;
}

export interface SpendAlert {
  /** Today's spending as a share of the daily cap, 0–100+. */
  percent: number;
  todaySpentUsd: number;
  dailyCapUsd: number;
  message: string;
}

/** Float sums of cents drift; the budget uses the same tolerance. */
const EPSILON_USD = 1e-6;

const dollars = (usd: number): string => `$${usd.toFixed(2)}`;

/**
 * SPEC §2's daily alert: today's cloud spending at 80 % of the cap or more (Settings →
 * Providers promises it). Null below it, or when there is no cap to measure against.
 */
export function spendAlert(todaySpentUsd: number, dailyCapUsd: number): SpendAlert | null {
  if (!(dailyCapUsd > 0) || todaySpentUsd < DAILY_CAP_ALERT_FRACTION * dailyCapUsd - EPSILON_USD) return null;
  const share = (todaySpentUsd / dailyCapUsd) * 100;
  const reached = todaySpentUsd >= dailyCapUsd - EPSILON_USD;
  const message = reached
    ? `Today's cloud spending, ${dollars(todaySpentUsd)}, has reached your ${dollars(dailyCapUsd)} daily cap: cloud steps are skipped until tomorrow and done on this computer instead, unless you raise the cap in Settings, Providers.`
    : `Today's cloud spending is ${dollars(todaySpentUsd)}, ${Math.floor(share)} % of your ${dollars(dailyCapUsd)} daily cap: once it is reached, cloud steps are skipped until tomorrow; raise the cap in Settings, Providers if you need more.`;
  return { percent: share, todaySpentUsd, dailyCapUsd, message };
}
