import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempLibrary, type TempLibrary } from '../../../tests/library/library-fixtures.js';
import { seedJobs } from '../../../tests/support/diagnostics-seed.js';
import { setSetting } from '../library/settings.js';
import { LibraryProviderLedger } from '../library/provider-ledger.js';
import type { AttemptRecord } from '../../cloud/providers/ledger.js';
import { PROVIDER_PREFERENCES_SETTING } from '../services/open-provider-session.js';
import { localStartOfMonth, readRenderFigures, readSlowSteps, readSpend, renderFigures } from './library-figures.js';

let t: TempLibrary;
beforeEach(() => {
  t = tempLibrary();
});
afterEach(() => t.cleanup());

// The 20th, mid-morning local time: "today" and "this month" differ.
const NOW = new Date(2026, 10, 20, 10, 30).getTime();
const HOUR = 3_600_000;

function attempt(fields: Partial<AttemptRecord>): AttemptRecord {
  return {
    provider: 'elevenlabs',
    capability: 'speech',
    projectId: null,
    outcome: 'succeeded',
    reason: null,
    message: null,
    retries: 0,
    estimatedCostUsd: 0.1,
    actualCostUsd: null,
    chargedUsd: 0.1,
    latencyMs: 2000,
    qualityScore: null,
    jobIds: [],
    at: NOW,
    ...fields,
  };
}

describe('render figures', () => {
  it('counts jobs by state, the success rate without cancelled jobs, and the average render time', () => {
    seedJobs(t.library, [
      { state: 'completed', durationMs: 10_000 },
      { state: 'completed', durationMs: 20_000 },
      { state: 'completed', durationMs: 30_000 },
      { state: 'failed', errorCode: 'NO_FACE' },
      { state: 'cancelled' },
      { state: 'queued' },
    ]);
    const figures = readRenderFigures(t.library);
    expect(figures.byState).toEqual({ queued: 1, running: 0, completed: 3, failed: 1, cancelled: 1 });
    expect(figures.successRate).toBeCloseTo(0.75, 9);
    expect(figures.averageRenderMs).toBe(20_000);
    expect(figures.averagedOver).toBe(3);
  });

  it('has no rate or average before the first render finished', () => {
    expect(renderFigures({ queued: 2 }, [])).toMatchObject({ successRate: null, averageRenderMs: null, averagedOver: 0 });
  });
});

describe('cloud spending', () => {
  it('sums today and this month in local time, against the creator’s cap, with the 80 % alert', () => {
    const ledger = new LibraryProviderLedger(t.library, () => NOW);
    ledger.recordAttempt(attempt({ chargedUsd: 0.5, at: localStartOfMonth(NOW) + HOUR }));
    ledger.recordAttempt(attempt({ chargedUsd: 1.25, at: NOW - 2 * HOUR }));
    ledger.recordAttempt(attempt({ chargedUsd: 9, at: localStartOfMonth(NOW) - HOUR }));
    expect(readSpend(t.library, NOW)).toEqual({ todaySpentUsd: 1.25, monthSpentUsd: 1.75, dailyCapUsd: 5, alert: null });

    setSetting(t.library, PROVIDER_PREFERENCES_SETTING, { dailyCapUsd: 1.5 });
    const spend = readSpend(t.library, NOW);
    expect(spend.dailyCapUsd).toBe(1.5);
    expect(spend.alert?.message).toMatch(/^Today's cloud spending is \$1\.25, 83 % of your \$1\.50 daily cap/);
  });
});

describe('slow AI steps', () => {
  it("names each provider's slowest call of the last day over 30 s", () => {
    const ledger = new LibraryProviderLedger(t.library, () => NOW);
    ledger.recordAttempt(attempt({ latencyMs: 31_000, at: NOW - HOUR }));
    ledger.recordAttempt(attempt({ latencyMs: 45_000, at: NOW - 2 * HOUR }));
    ledger.recordAttempt(attempt({ provider: 'gemini-image', capability: 'image_enhancement', latencyMs: 29_000 }));
    ledger.recordAttempt(attempt({ provider: 'heygen', capability: 'video_generation', latencyMs: 300_000, at: NOW - 30 * HOUR }));
    expect(readSlowSteps(t.library, NOW)).toEqual([{ providerName: 'ElevenLabs', what: 'speech', latencyMs: 45_000, at: NOW - 2 * HOUR }]);
  });
});
