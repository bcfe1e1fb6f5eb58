import { describe, expect, it } from 'vitest';
import { ProviderAttemptReportSchema, RenderReportSchema } from './report.js';

describe('report.json’s one schema', () => {
  it('keeps a provider attempt’s report fields and drops what only the library keeps (project, job ids, time)', () => {
    const ledgerRecord = {
      provider: 'fal',
      capability: 'video',
      projectId: 'p-1',
      outcome: 'failed',
      reason: 'timeout',
      message: 'fal did not answer in time.',
      retries: 2,
      estimatedCostUsd: 0.4,
      actualCostUsd: null,
      chargedUsd: 0,
      latencyMs: 30_000,
      qualityScore: null,
      jobIds: ['job-a'],
      at: 1_700_000_000_000,
    };
    const reported = ProviderAttemptReportSchema.parse(ledgerRecord);
    expect(Object.keys(reported).sort()).toEqual(
      ['actualCostUsd', 'capability', 'chargedUsd', 'estimatedCostUsd', 'latencyMs', 'message', 'outcome', 'provider', 'qualityScore', 'reason', 'retries'].sort(),
    );
    expect(reported).toMatchObject({ provider: 'fal', outcome: 'failed', retries: 2 });
  });

  it('refuses a report whose attempts lack a field the report declares', () => {
    const attempts = [{ provider: 'fal', capability: 'video', outcome: 'succeeded' }];
    expect(RenderReportSchema.shape.providers.safeParse({ tier: 'pro', spentUsd: 0, plans: [], attempts, used: { image: 'local', speech: 'local', video: 'fal' } }).success).toBe(false);
  });
});
