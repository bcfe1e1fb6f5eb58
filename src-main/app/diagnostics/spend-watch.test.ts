import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempLibrary, type TempLibrary } from '../../../tests/library/library-fixtures.js';
import { LibraryProviderLedger } from '../library/provider-ledger.js';
import { setSetting } from '../library/settings.js';
import type { AttemptRecord } from '../../cloud/providers/ledger.js';
import { PROVIDER_PREFERENCES_SETTING } from '../services/open-provider-session.js';
import { alertRaisedBy, spendAlertLine, watchDailySpend } from './spend-watch.js';

let t: TempLibrary;
beforeEach(() => {
  t = tempLibrary();
});
afterEach(() => t.cleanup());

const NOW = new Date(2026, 10, 20, 15, 0).getTime();

const spent = (usd: number, at = NOW): AttemptRecord => ({
  provider: 'heygen',
  capability: 'video_generation',
  projectId: null,
  outcome: 'succeeded',
  reason: null,
  message: null,
  retries: 0,
  estimatedCostUsd: usd,
  actualCostUsd: null,
  chargedUsd: usd,
  latencyMs: 20_000,
  qualityScore: null,
  jobIds: [],
  at,
});

describe('the 80 % alert a render raises', () => {
  it('is raised by a render whose cloud cost takes today to 80 % of the cap or past it, never by one that spent nothing', () => {
    expect(alertRaisedBy({ todaySpentUsd: 3, dailyCapUsd: 5 }, { todaySpentUsd: 3.9, dailyCapUsd: 5 })).toBeNull();
    const crossed = alertRaisedBy({ todaySpentUsd: 3.9, dailyCapUsd: 5 }, { todaySpentUsd: 4.2, dailyCapUsd: 5 })!;
    expect(spendAlertLine(crossed)).toBe(
      "Spending alert: Today's cloud spending is $4.20, 84 % of your $5.00 daily cap: once it is reached, cloud steps are skipped until tomorrow; raise the cap in Settings, Providers if you need more.",
    );
    expect(alertRaisedBy({ todaySpentUsd: 4.2, dailyCapUsd: 5 }, { todaySpentUsd: 4.2, dailyCapUsd: 5 })).toBeNull();
  });

  it('writes one warn line to the log when a queued render crosses it, and one more when the cap is reached', () => {
    setSetting(t.library, PROVIDER_PREFERENCES_SETTING, { dailyCapUsd: 2 });
    const ledger = new LibraryProviderLedger(t.library, () => NOW);
    const queue = new EventEmitter();
    const lines: Array<{ msg: string; fields?: Record<string, unknown> }> = [];
    watchDailySpend({ library: t.library, queue, log: { warn: (msg, fields) => lines.push({ msg, fields }) }, now: () => NOW });

    ledger.recordAttempt(spent(1));
    queue.emit('finished', { jobId: 'j1', state: 'completed' });
    expect(lines).toEqual([]);

    ledger.recordAttempt(spent(0.7));
    queue.emit('finished', { jobId: 'j2', state: 'completed' });
    ledger.recordAttempt(spent(0.1));
    queue.emit('finished', { jobId: 'j3', state: 'completed' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'daily cloud spending alert', fields: { jobId: 'j2', todaySpentUsd: 1.7, dailyCapUsd: 2, percent: 85 } });

    ledger.recordAttempt(spent(0.2));
    queue.emit('finished', { jobId: 'j4', state: 'failed' });
    expect(lines).toHaveLength(2);
    expect(String(lines[1]!.fields!.message)).toMatch(/has reached your \$2\.00 daily cap/);
  });
});
