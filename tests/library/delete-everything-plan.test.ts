import path from 'node:path';
import yauzl from 'yauzl';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProject, deleteEverything, exportAllData } from '../../src-main/app/library/index.js';
import { assertPlanAllowsProject, claimVideo, noteProjectCreated, projectsThisMonth } from '../../src-main/app/licensing/license.js';
import { Budget, localStartOfDay } from '../../src-main/cloud/providers/budget.js';
import { LibraryProviderLedger } from '../../src-main/app/library/provider-ledger.js';
import { fixture } from '../support/fixtures.js';
import { tempLibrary, type TempLibrary } from './library-fixtures.js';

/** Delete everything empties the library, but not the free plan's month of videos. */

let t: TempLibrary;
beforeEach(() => {
  t = tempLibrary();
});
afterEach(() => t.cleanup());

async function zipEntry(file: string, name: string): Promise<string> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== name) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    }
  } finally {
    zip.close();
  }
  throw new Error(`${name} is not in ${file}`);
}

const MARCH_20 = Date.UTC(2026, 2, 20, 12);
const FEBRUARY_27 = Date.UTC(2026, 1, 27, 12);

describe('delete everything and the plan', () => {
  it('keeps the free plan’s count of this month’s videos, as bare dates, and still refuses the fourth', async () => {
    const made = await createProject(t.library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: 'Lesson one.' });
    noteProjectCreated(t.library, made.id, MARCH_20 - 3_600_000);
    claimVideo(t.library, 'render', MARCH_20 - 60_000);
    noteProjectCreated(t.library, made.id, FEBRUARY_27);
    expect(projectsThisMonth(t.library, MARCH_20)).toBe(2);

    await deleteEverything(t.library, MARCH_20);

    expect(projectsThisMonth(t.library, MARCH_20)).toBe(2);
    const left = t.library.sqlite.prepare("SELECT kind, project_id AS projectId, provider, details, cost_usd AS cost FROM usage_events WHERE kind = 'project_created'").all();
    expect(left).toEqual([
      { kind: 'project_created', projectId: null, provider: null, details: null, cost: 0 },
      { kind: 'project_created', projectId: null, provider: null, details: null, cost: 0 },
    ]);
    // The free plan's third video of the month is still the last one.
    claimVideo(t.library, 'render', MARCH_20 + 1000);
    expect(() => assertPlanAllowsProject(t.library, MARCH_20 + 2000)).toThrow(expect.objectContaining({ code: 'PLAN_LIMIT' }));
  });

  it('keeps what today’s cloud calls cost, as bare sums, so the daily spending cap still counts them', async () => {
    const made = await createProject(t.library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: 'Lesson one.' });
    const ledger = new LibraryProviderLedger(t.library, () => MARCH_20);
    const today = localStartOfDay(MARCH_20);
    const spend = (at: number, costUsd: number, projectId: string | null = made.id) =>
      t.library.sqlite
        .prepare("INSERT INTO usage_events (kind, project_id, provider, capability, cost_usd, details, created_at) VALUES ('provider_attempt', ?, 'elevenlabs', 'tts', ?, '{\"chars\":120}', ?)")
        .run(projectId, costUsd, at);
    spend(today + 60_000, 3);
    spend(MARCH_20 - 1000, 1.5, null);
    spend(today - 60_000, 4);
    spend(MARCH_20 - 500, 0);
    const budget = () => new Budget({ tier: 'pro', dailyCapUsd: 5, projectId: null, ledger, now: () => MARCH_20 }).check(1);
    expect(budget()).toMatchObject({ ok: false, reason: 'daily_cap' });

    await deleteEverything(t.library, MARCH_20);

    // Today's $4.50 still counts against the $5 cap; yesterday's $4 and the free attempt are gone.
    expect(ledger.spentUsd({ since: today })).toBeCloseTo(4.5, 6);
    expect(budget()).toMatchObject({ ok: false, reason: 'daily_cap', status: { todaySpentUsd: 4.5 } });
    const left = t.library.sqlite.prepare("SELECT project_id AS projectId, provider, capability, details, cost_usd AS cost FROM usage_events WHERE kind = 'provider_attempt' ORDER BY cost_usd").all();
    expect(left).toEqual([
      { projectId: null, provider: null, capability: null, details: null, cost: 1.5 },
      { projectId: null, provider: null, capability: null, details: null, cost: 3 },
    ]);
  });

  it('says so in the export’s usage.json', async () => {
    const target = path.join(t.scratch, 'export.zip');
    noteProjectCreated(t.library, (await createProject(t.library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: 'Hi.' })).id);
    t.library.sqlite.prepare("INSERT INTO usage_events (kind, provider, capability, cost_usd, created_at) VALUES ('provider_attempt', 'elevenlabs', 'tts', 0.02, ?)").run(Date.now());
    await exportAllData(t.library, target);
    const usage = JSON.parse(await zipEntry(target, 'usage.json')) as { telemetry: string; counters: Array<{ kind: string; purpose: string }> };
    expect(usage.telemetry).toMatch(/except this month’s count of videos made.*and what today’s cloud calls cost/);
    expect(usage.counters.find((c) => c.kind === 'provider_attempt')!.purpose).toMatch(/Delete everything keeps what today’s calls cost/);
    expect(usage.counters.find((c) => c.kind === 'project_created')!.purpose).toMatch(/Delete everything keeps this month’s count/);
  });
});
