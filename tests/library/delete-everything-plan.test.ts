import path from 'node:path';
import yauzl from 'yauzl';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProject, deleteEverything, exportAllData } from '../../src-main/app/library/index.js';
import { assertPlanAllowsProject, claimVideo, noteProjectCreated, projectsThisMonth } from '../../src-main/app/licensing/license.js';
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
    t.library.sqlite.prepare("INSERT INTO usage_events (kind, provider, capability, cost_usd, created_at) VALUES ('provider_attempt', 'elevenlabs', 'tts', 0.02, ?)").run(MARCH_20 - 1000);
    expect(projectsThisMonth(t.library, MARCH_20)).toBe(2);

    await deleteEverything(t.library, MARCH_20);

    expect(projectsThisMonth(t.library, MARCH_20)).toBe(2);
    const left = t.library.sqlite.prepare('SELECT kind, project_id AS projectId, provider, details, cost_usd AS cost FROM usage_events').all();
    expect(left).toEqual([
      { kind: 'project_created', projectId: null, provider: null, details: null, cost: 0 },
      { kind: 'project_created', projectId: null, provider: null, details: null, cost: 0 },
    ]);
    // The free plan's third video of the month is still the last one.
    claimVideo(t.library, 'render', MARCH_20 + 1000);
    expect(() => assertPlanAllowsProject(t.library, MARCH_20 + 2000)).toThrow(expect.objectContaining({ code: 'PLAN_LIMIT' }));
  });

  it('says so in the export’s usage.json', async () => {
    const target = path.join(t.scratch, 'export.zip');
    noteProjectCreated(t.library, (await createProject(t.library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: 'Hi.' })).id);
    await exportAllData(t.library, target);
    const usage = JSON.parse(await zipEntry(target, 'usage.json')) as { telemetry: string; counters: Array<{ kind: string; purpose: string }> };
    expect(usage.telemetry).toMatch(/except this month’s count of videos made/);
    expect(usage.counters.find((c) => c.kind === 'project_created')!.purpose).toMatch(/Delete everything keeps this month’s count/);
  });
});
