import type { Library } from '../../app/library/open-library.js';
import { readSpend } from '../../app/diagnostics/library-figures.js';
import { alertRaisedBy, spendAlertLine, type SpendReading } from '../../app/diagnostics/spend-watch.js';
import { moduleLog } from '../../app/log/process-log.js';

/**
 * `tp render`, `tp demo` and `tp batch`: when a render's cloud calls take today's
 * spending to 80 % of the daily cap or past it, one line on stderr (stdout stays the
 * summary or the JSON report) and a warn line in the log.
 */

const log = moduleLog('spend');

const toStderr = (line: string): void => void process.stderr.write(`${line}\n`);

export function noteSpendAlert(before: SpendReading, after: SpendReading, write: (line: string) => void = toStderr): void {
  const alert = alertRaisedBy(before, after);
  if (!alert) return;
  write(spendAlertLine(alert));
  log.warn('daily cloud spending alert', {
    todaySpentUsd: alert.todaySpentUsd,
    dailyCapUsd: alert.dailyCapUsd,
    percent: Math.round(alert.percent),
    renderSpentUsd: after.todaySpentUsd - before.todaySpentUsd,
  });
}

interface FinishedJobs {
  on(event: 'finished', listener: (finished: { state: string }) => void): unknown;
}

/** For a queue of renders (`tp batch`): each finished render is compared with the reading before it. */
export function noteSpendAlertsOf(queue: FinishedJobs, library: Library, write: (line: string) => void = toStderr, now: () => number = Date.now): void {
  let last = readSpend(library, now());
  queue.on('finished', () => {
    const reading = readSpend(library, now());
    noteSpendAlert(last, reading, write);
    last = reading;
  });
}
