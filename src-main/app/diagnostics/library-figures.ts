import { JOB_STATES, type JobState } from '../../../src-shared/library.js';
import type { RenderFigures, Spend } from '../../../src-shared/ipc/diagnostics-channels.js';
import { MONITORING_THRESHOLDS, spendAlert } from '../../../src-shared/monitoring.js';
import { routingSettings } from '../../../src-shared/provider-preferences.js';
import { PROVIDER_CATALOG, type Capability, type ProviderId } from '../../../src-shared/providers.js';
import { LibraryProviderLedger } from '../library/provider-ledger.js';
import type { Library } from '../library/open-library.js';
import { localStartOfDay } from '../../cloud/providers/budget.js';
import { readProviderPreferences } from '../services/open-provider-session.js';
import { roundUsd } from '../../cloud/providers/cost-estimate.js';

/**
 * How renders and cloud calls have gone, read from the library: jobs by state, success
 * rate, average render time, cloud spending today and this month, and slow cloud calls.
 */

/** Recent enough to be this machine's speed today, many enough to smooth one odd render. */
export const AVERAGED_RENDERS = 20;
/** A slow cloud call older than this no longer says anything about today. */
export const SLOW_STEP_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Pure: the figures from the counts and the durations of recent completed renders. */
export function renderFigures(byState: Partial<Record<JobState, number>>, recentDurationsMs: readonly number[]): RenderFigures {
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, byState[s] ?? 0])) as Record<JobState, number>;
  const finished = counts.completed + counts.failed;
  const durations = recentDurationsMs.filter((ms) => Number.isFinite(ms) && ms >= 0);
  return {
    byState: counts,
    // Cancelled jobs are the creator's choice, not a failure of the app.
    successRate: finished > 0 ? counts.completed / finished : null,
    averageRenderMs: durations.length > 0 ? durations.reduce((sum, ms) => sum + ms, 0) / durations.length : null,
    averagedOver: durations.length,
  };
}

export function readRenderFigures(library: Library): RenderFigures {
  const rows = library.sqlite.prepare('SELECT state, count(*) AS n FROM jobs GROUP BY state').all() as Array<{ state: JobState; n: number }>;
  // started_at is the last attempt's start: a retried job's time is that of the attempt that worked.
  const durations = library.sqlite
    .prepare("SELECT finished_at - started_at AS ms FROM jobs WHERE state = 'completed' AND started_at IS NOT NULL AND finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT ?")
    .all(AVERAGED_RENDERS) as Array<{ ms: number }>;
  return renderFigures(
    Object.fromEntries(rows.map((r) => [r.state, r.n])),
    durations.map((d) => d.ms),
  );
}

export function localStartOfMonth(now: number): number {
  const day = new Date(now);
  day.setDate(1);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

/** Today's and this month's cloud spending (the creator's local calendar) against the daily cap. */
export function readSpend(library: Library, now = Date.now()): Spend {
  const ledger = new LibraryProviderLedger(library, () => now);
  const dailyCapUsd = routingSettings(readProviderPreferences(library)).dailyCapUsd;
  const todaySpentUsd = roundUsd(ledger.spentUsd({ since: localStartOfDay(now) }));
  const monthSpentUsd = roundUsd(ledger.spentUsd({ since: localStartOfMonth(now) }));
  return { todaySpentUsd, monthSpentUsd, dailyCapUsd, alert: spendAlert(todaySpentUsd, dailyCapUsd) };
}

const CAPABILITY_WORDS: Record<Capability, string> = {
  image_enhancement: 'photo enhancement',
  speech: 'speech',
  video_generation: 'a talking video',
};

const isCapability = (value: string | null): value is Capability => value !== null && value in CAPABILITY_WORDS;

/** Each provider's slowest call of the last day that took longer than the seed's AI-step threshold. */
export function readSlowSteps(library: Library, now = Date.now()): Array<{ providerName: string; what: string; latencyMs: number; at: number }> {
  const rows = library.sqlite
    .prepare(
      `SELECT provider, capability, max(latency_ms) AS latencyMs, created_at AS at FROM provider_health
       WHERE latency_ms > ? AND created_at >= ? GROUP BY provider ORDER BY latencyMs DESC`,
    )
    .all(MONITORING_THRESHOLDS.aiStepMs, now - SLOW_STEP_WINDOW_MS) as Array<{ provider: string; capability: string | null; latencyMs: number; at: number }>;
  return rows.map((row) => ({
    providerName: PROVIDER_CATALOG[row.provider as ProviderId]?.displayName ?? row.provider,
    what: isCapability(row.capability) ? CAPABILITY_WORDS[row.capability] : 'one call',
    latencyMs: row.latencyMs,
    at: row.at,
  }));
}
