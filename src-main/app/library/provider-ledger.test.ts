import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProject, deleteProject, openLibrary } from './index.js';
import type { AttemptRecord } from '../../cloud/providers/ledger.js';
import type { CapabilityRequest } from '../../cloud/providers/provider-types.js';
import { runPlan } from '../../cloud/providers/router.js';
import { fixture } from '../../../tests/support/fixtures.js';
import { tempLibrary, type TempLibrary } from '../../../tests/library/library-fixtures.js';
import { FakeClock, fakeVideoService, routerWorld } from '../../../tests/support/provider-doubles.js';
import { LibraryProviderLedger } from './provider-ledger.js';

let t: TempLibrary;
beforeEach(() => {
  t = tempLibrary();
});
afterEach(() => t.cleanup());

const NOW = Date.UTC(2026, 10, 25, 12);

function attempt(fields: Partial<AttemptRecord>): AttemptRecord {
  return {
    provider: 'gemini-image',
    capability: 'image_enhancement',
    projectId: null,
    outcome: 'succeeded',
    reason: null,
    message: null,
    retries: 0,
    estimatedCostUsd: 0.039,
    actualCostUsd: null,
    chargedUsd: 0.039,
    latencyMs: 2100,
    qualityScore: 8.5,
    jobIds: [],
    at: NOW,
    ...fields,
  };
}

describe('provider ledger in the library', () => {
  it('keeps spending per project and per day, and the health log newest first', async () => {
    const project = await createProject(t.library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: 'Hello there.' });
    const ledger = new LibraryProviderLedger(t.library, () => NOW);
    ledger.recordAttempt(attempt({ projectId: project.id, at: NOW - 86_400_000, chargedUsd: 0.5 }));
    ledger.recordAttempt(attempt({ projectId: project.id, chargedUsd: 0.039 }));
    ledger.recordAttempt(attempt({ outcome: 'failed', reason: 'transient', message: 'Gemini could not be reached.', chargedUsd: 0, at: NOW + 1 }));
    ledger.recordAttempt(attempt({ outcome: 'skipped', reason: 'no_key', chargedUsd: 0, at: NOW + 2 }));

    expect(ledger.spentUsd({ projectId: project.id })).toBeCloseTo(0.539, 9);
    expect(ledger.spentUsd({ since: NOW - 1000 })).toBeCloseTo(0.039, 9);
    expect(ledger.recentHealth('gemini-image', 10)).toEqual([
      { ok: false, errorKind: 'transient', at: NOW + 1 },
      { ok: true, errorKind: null, at: NOW },
      { ok: true, errorKind: null, at: NOW - 86_400_000 },
    ]);
    const details = t.library.sqlite.prepare("SELECT details FROM usage_events WHERE kind = 'provider_attempt' ORDER BY id DESC LIMIT 1").pluck().get() as string;
    expect(JSON.parse(details)).toMatchObject({ outcome: 'skipped', reason: 'no_key', retries: 0 });
  });

  it('serves a stored result while its files are there, and forgets it when they are not', async () => {
    const ledger = new LibraryProviderLedger(t.library, () => NOW);
    const stored = await ledger.storeCachedResult('k1', {
      provider: 'elevenlabs',
      capability: 'speech',
      outputs: [{ data: Buffer.from('voice'), mime: 'audio/mpeg' }],
      words: [{ word: 'Hi', startS: 0, endS: 0.2 }],
    });
    expect(stored.outputs[0]?.path).toMatch(/^cache\/providers\/[0-9a-f]{2}\/[0-9a-f]{64}\.mp3$/);
    expect(ledger.cachedResult('k1')).toMatchObject({ provider: 'elevenlabs', words: [{ word: 'Hi', startS: 0, endS: 0.2 }] });

    // The same bytes for another request share the file; forgetting one keeps it for the other.
    const source = path.join(t.scratch, 'voice.mp3');
    writeFileSync(source, 'voice');
    await ledger.storeCachedResult('k2', { provider: 'elevenlabs', capability: 'speech', outputs: [{ file: source, mime: 'audio/mpeg' }] });
    ledger.forgetCachedResult('k1');
    expect(ledger.cachedResult('k1')).toBeUndefined();
    const file = ledger.cachedResult('k2')?.outputs[0]?.file ?? '';
    expect(existsSync(file)).toBe(true);

    rmSync(file);
    expect(ledger.cachedResult('k2')).toBeUndefined();
    expect(t.library.sqlite.prepare('SELECT count(*) FROM provider_cache').pluck().get()).toBe(0);
  });

  it('keeps a job of a deleted project, since it may still be running and billed', async () => {
    const project = await createProject(t.library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: 'Hello there.' });
    const ledger = new LibraryProviderLedger(t.library, () => NOW);
    ledger.saveJob({ provider: 'heygen', jobId: 'j1', projectId: project.id, capability: 'video_generation', requestHash: 'h1' });
    ledger.saveJob({ provider: 'heygen', jobId: 'j2', projectId: null, capability: 'video_generation', requestHash: 'h2' });
    ledger.updateJob('heygen', 'j2', { state: 'done', resultPath: 'cache/providers/x.mp4' });
    await deleteProject(t.library, project.id);
    expect(ledger.openJobs()).toEqual([expect.objectContaining({ jobId: 'j1', projectId: null, state: 'submitted' })]);
    expect(ledger.openJob('heygen', 'h2')).toBeUndefined();
  });

  it('after a restart mid-poll, polls the saved job again without a second submit', async () => {
    const clock = new FakeClock(NOW);
    // The remote service outlives the app: the same fake answers before and after the restart.
    const heygen = fakeVideoService('heygen', { runningPolls: 4 });
    const request: CapabilityRequest = {
      capability: 'video_generation',
      input: { photo: Buffer.from('portrait'), mime: 'image/jpeg', script: 'Hello from the mountains.', language: 'en', durationS: 10, aspect: '9:16' },
    };
    let sleeps = 0;
    const powerCut = async (ms: number) => {
      sleeps += 1;
      clock.advance(ms);
      if (sleeps === 2) throw new Error('power cut');
    };
    const before = routerWorld(t.library, { adapters: { heygen }, clock, sleep: powerCut });
    await expect(runPlan(before.plan('video_generation', { videoSeconds: 10 }, { noLocal: true }), request, before.deps, { projectId: null })).rejects.toThrow('power cut');
    expect(heygen.submits).toHaveLength(1);
    expect(heygen.polls).toHaveLength(2);

    t.library.close();
    t.library = openLibrary({ dataDir: t.dataDir });
    const after = routerWorld(t.library, { adapters: { heygen }, clock });
    expect(after.ledger.openJobs()).toEqual([expect.objectContaining({ provider: 'heygen', jobId: 'heygen-job-1', state: 'running' })]);
    const outcome = await runPlan(after.plan('video_generation', { videoSeconds: 10 }, { noLocal: true }), request, after.deps, { projectId: null });

    expect(heygen.submits).toHaveLength(1);
    expect(heygen.polls.every((id) => id === 'heygen-job-1')).toBe(true);
    expect(heygen.polls).toHaveLength(6);
    expect(outcome.result).toMatchObject({ provider: 'heygen', accepted: true });
    expect(outcome.attempts[0]).toMatchObject({ outcome: 'succeeded', jobIds: ['heygen-job-1'] });
    expect(after.ledger.openJobs()).toEqual([]);
  });
});
