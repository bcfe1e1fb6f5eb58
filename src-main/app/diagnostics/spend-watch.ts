import { spendAlert, type SpendAlert } from '../../../src-shared/monitoring.js';
import type { Library } from '../library/open-library.js';
import { localStartOfDay } from '../../cloud/providers/budget.js';
import { readSpend } from './library-figures.js';

/**
 * SPEC §2's daily alert (80 % of the cap) said where the creator and the logs will see
 * it: a line on the CLI's stderr when a render's cloud cost crosses it, and a warn line in
 * the app's log when a queued render does. The window reads `diagnostics:spend`.
 */

/** The part of a budget status the alert is about. */
export interface SpendReading {
  todaySpentUsd: number;
  dailyCapUsd: number;
}

/**
 * The alert a render raised: its spending took today to 80 % of the cap or more (or
 * further past it). Null when the render spent nothing in the cloud or stayed below.
 */
export function alertRaisedBy(before: SpendReading, after: SpendReading): SpendAlert | null {
  if (after.todaySpentUsd <= before.todaySpentUsd) return null;
  return spendAlert(after.todaySpentUsd, after.dailyCapUsd);
}

/** The CLI's line: the alert's sentence, marked so a script reading stderr can find it. */
export function spendAlertLine(alert: SpendAlert): string {
  return `Spending alert: ${alert.message}`;
}

interface WarnLog {
  warn(msg: string, fields?: Record<string, unknown>): void;
}

interface FinishedJobs {
  on(event: 'finished', listener: (finished: { jobId: string; state: string }) => void): unknown;
}

/**
 * Logs the alert once a day (and again when the cap itself is reached) as queued renders
 * finish. Renders run in their own processes; their cloud calls are in the library's
 * ledger by the time the queue reports them finished.
 */
export function watchDailySpend(options: { library: Library; queue: FinishedJobs; log: WarnLog; now?: () => number }): void {
  const now = options.now ?? Date.now;
  let warned: { day: number; capReached: boolean } | null = null;
  options.queue.on('finished', (finished) => {
    if (finished.state !== 'completed' && finished.state !== 'failed' && finished.state !== 'retrying') return;
    let spend;
    try {
      spend = readSpend(options.library, now());
    } catch (error) {
      // A closed library at shutdown: nothing left to warn about.
      options.log.warn("reading the day's cloud spending failed", { error: error instanceof Error ? error.message : String(error) });
      return;
    }
    const alert = spend.alert;
    if (!alert) return;
    const day = localStartOfDay(now());
    const capReached = alert.todaySpentUsd >= alert.dailyCapUsd;
    if (warned && warned.day === day && (warned.capReached || !capReached)) return;
    warned = { day, capReached };
    options.log.warn('daily cloud spending alert', {
      jobId: finished.jobId,
      todaySpentUsd: alert.todaySpentUsd,
      dailyCapUsd: alert.dailyCapUsd,
      percent: Math.round(alert.percent),
      message: alert.message,
    });
  });
}
