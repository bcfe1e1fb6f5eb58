import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempLibrary, type TempLibrary } from '../../../tests/library/library-fixtures.js';
import { LibraryProviderLedger } from '../../app/library/provider-ledger.js';
import { setSetting } from '../../app/library/settings.js';
import type { AttemptRecord } from '../../cloud/providers/ledger.js';
import { PROVIDER_PREFERENCES_SETTING } from '../../app/services/open-provider-session.js';
import { noteSpendAlertsOf } from './spend-alert-cli.js';

let t: TempLibrary;
beforeEach(() => {
  t = tempLibrary();
});
afterEach(() => t.cleanup());

const NOW = new Date(2026, 10, 20, 15, 0).getTime();

const spent = (usd: number): AttemptRecord => ({
  provider: 'elevenlabs',
  capability: 'speech',
  projectId: null,
  outcome: 'succeeded',
  reason: null,
  message: null,
  retries: 0,
  estimatedCostUsd: usd,
  actualCostUsd: null,
  chargedUsd: usd,
  latencyMs: 3000,
  qualityScore: null,
  jobIds: [],
  at: NOW,
});

describe('tp batch and the daily spending alert', () => {
  it('prints the alert for each row whose cloud calls took today to 80 % of the cap or further, and for no other', () => {
    setSetting(t.library, PROVIDER_PREFERENCES_SETTING, { dailyCapUsd: 1 });
    const ledger = new LibraryProviderLedger(t.library, () => NOW);
    ledger.recordAttempt(spent(0.5));
    const queue = new EventEmitter();
    const lines: string[] = [];
    noteSpendAlertsOf(
      queue,
      t.library,
      (line) => lines.push(line),
      () => NOW,
    );

    ledger.recordAttempt(spent(0.2));
    queue.emit('finished', { state: 'completed' });
    expect(lines).toEqual([]);

    ledger.recordAttempt(spent(0.15));
    queue.emit('finished', { state: 'completed' });
    // A row kept on this computer spends nothing: no line.
    queue.emit('finished', { state: 'completed' });
    expect(lines).toEqual([
      "Spending alert: Today's cloud spending is $0.85, 85 % of your $1.00 daily cap: once it is reached, cloud steps are skipped until tomorrow; raise the cap in Settings, Providers if you need more.",
    ]);
  });
});
