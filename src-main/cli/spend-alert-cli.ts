import { alertRaisedBy, spendAlertLine, type SpendReading } from '../diagnostics/spend-watch.js';
import { moduleLog } from '../log/process-log.js';

/**
 * `tp render` and `tp demo`: when the render's cloud calls take today's spending to 80 %
 * of the daily cap or past it, one line on stderr (stdout stays the summary or the JSON
 * report) and a warn line in the log.
 */

const log = moduleLog('spend');

export function noteSpendAlert(before: SpendReading, after: SpendReading, write: (line: string) => void = (line) => process.stderr.write(line)): void {
  const alert = alertRaisedBy(before, after);
  if (!alert) return;
  write(`${spendAlertLine(alert)}\n`);
  log.warn('daily cloud spending alert', { todaySpentUsd: alert.todaySpentUsd, dailyCapUsd: alert.dailyCapUsd, percent: Math.round(alert.percent), renderSpentUsd: after.todaySpentUsd - before.todaySpentUsd });
}
