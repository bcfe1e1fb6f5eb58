import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROVIDER_CATALOG } from '../../../src-shared/providers.js';
import { tempLibrary, type TempLibrary } from '../../../tests/library/library-fixtures.js';
import { fakeVideoService, routerWorld } from '../../../tests/support/provider-doubles.js';
import type { CapabilityRequest, SyncVideoProvider } from './provider-types.js';
import { ProviderError } from './provider-error.js';
import { runPlan } from './router.js';

let t: TempLibrary;
beforeEach(() => {
  t = tempLibrary();
});
afterEach(() => t.cleanup());

const SCRIPT = 'Meet the new trail shoe: light, grippy and ready for any mountain path you choose this spring.';
const video = (durationS: number): CapabilityRequest => ({
  capability: 'video_generation',
  input: { photo: Buffer.from('portrait'), mime: 'image/jpeg', audio: { data: Buffer.from('voice'), mime: 'audio/wav' }, script: SCRIPT, language: 'en', durationS, aspect: '9:16' },
});

function localVideo(): SyncVideoProvider & { renders: number } {
  const local = {
    id: 'local' as const,
    capability: 'video_generation' as const,
    mode: 'sync' as const,
    renders: 0,
    async render() {
      local.renders += 1;
      return { video: Buffer.from('local video'), mime: 'video/mp4' };
    },
  };
  return local;
}

describe('async video routes', () => {
  it('saves the job id before the first poll, then polls, downloads and stores the video', async () => {
    const seenAtFirstPoll: unknown[] = [];
    const heygen = fakeVideoService('heygen', {
      onPoll: (jobId, count) => {
        if (count === 1) seenAtFirstPoll.push(world.ledger.openJob('heygen', world.ledger.openJobs()[0]?.requestHash ?? '')?.jobId, jobId);
      },
    });
    const world = routerWorld(t.library, { adapters: { heygen, local: localVideo() } });
    const outcome = await runPlan(world.plan('video_generation', { videoSeconds: 10 }, { chain: ['heygen'] }), video(10), world.deps, { projectId: null });

    expect(seenAtFirstPoll).toEqual(['heygen-job-1', 'heygen-job-1']);
    expect(heygen.polls).toHaveLength(4);
    // Polled at the catalog's pace, never faster.
    expect(world.sleep.waits).toEqual([15_000, 15_000, 15_000]);
    expect(outcome.result).toMatchObject({ provider: 'heygen', accepted: true });
    const output = outcome.result?.outputs[0];
    expect(output && 'file' in output && readFileSync(output.file, 'utf8')).toBe('heygen video for heygen-job-1');
    expect(outcome.attempts[0]).toMatchObject({ outcome: 'succeeded', jobIds: ['heygen-job-1'], chargedUsd: 3 });
    const job = t.library.sqlite.prepare('SELECT state, result_path FROM provider_jobs').get() as { state: string; result_path: string };
    expect(job.state).toBe('done');
    expect(job.result_path).toMatch(/^cache\/providers\/[0-9a-f]{2}\/[0-9a-f]{64}\.mp4$/);
  });

  it('cancel stops polling, asks the provider to cancel, and tries no other route', async () => {
    const controller = new AbortController();
    const heygen = fakeVideoService('heygen', { runningPolls: 50, onPoll: (_id, count) => count === 3 && controller.abort() });
    const local = localVideo();
    const world = routerWorld(t.library, { adapters: { heygen, local } });
    const outcome = await runPlan(world.plan('video_generation', { videoSeconds: 10 }), video(10), world.deps, { projectId: null, signal: controller.signal });

    expect(outcome.cancelled).toBe(true);
    expect(heygen.polls).toHaveLength(3);
    expect(heygen.cancels).toEqual(['heygen-job-1']);
    expect(heygen.downloads).toEqual([]);
    expect(local.renders).toBe(0);
    expect(outcome.attempts.map((a) => [a.provider, a.outcome])).toEqual([['heygen', 'cancelled']]);
    expect(t.library.sqlite.prepare('SELECT state FROM provider_jobs').pluck().get()).toBe('cancelled');
    // A cancel says nothing about HeyGen's health.
    expect(t.library.sqlite.prepare('SELECT count(*) FROM provider_health').pluck().get()).toBe(0);
  });

  it('cuts a 13 s Veo video into an 8 s and a 6 s clip, each with its share of the script', async () => {
    const veo = fakeVideoService('veo');
    const world = routerWorld(t.library, { adapters: { veo, local: localVideo() } });
    const outcome = await runPlan(world.plan('video_generation', { videoSeconds: 13 }, { chain: ['veo'] }), video(13), world.deps, { projectId: null });

    expect(veo.submits.map((s) => [s.durationS, s.clip])).toEqual([
      [8, { index: 0, count: 2 }],
      [6, { index: 1, count: 2 }],
    ]);
    expect(veo.submits.map((s) => s.script).join(' ')).toBe(SCRIPT);
    expect(outcome.result?.outputs).toHaveLength(2);
    expect(outcome.attempts[0]).toMatchObject({ outcome: 'succeeded', jobIds: ['veo-job-1', 'veo-job-2'], estimatedCostUsd: 2.1 });
    expect(outcome.attempts[0]?.chargedUsd).toBeCloseTo(2.1, 9);
  });

  it('only ever asks Veo for clips of its allowed lengths', async () => {
    const veo = fakeVideoService('veo', { runningPolls: 0 });
    for (let seconds = 1; seconds <= 16; seconds += 1.5) {
      // A fresh request budget each time: this is about lengths, not money.
      const world = routerWorld(t.library, { adapters: { veo, local: localVideo() } });
      await runPlan(world.plan('video_generation', { videoSeconds: seconds }, { chain: ['veo'] }), video(seconds), world.deps, { projectId: null });
    }
    expect(veo.submits.length).toBeGreaterThan(10);
    expect(veo.submits.every((s) => PROVIDER_CATALOG.veo.clips?.allowedSeconds.includes(s.durationS))).toBe(true);
  });

  it('moves on when the provider rejects the job, and marks the job failed', async () => {
    const did = fakeVideoService('d-id', { failWith: { kind: 'rejected', detail: 'moderation' } });
    const local = localVideo();
    const world = routerWorld(t.library, { adapters: { 'd-id': did, local } });
    const outcome = await runPlan(world.plan('video_generation', { videoSeconds: 10 }, { chain: ['d-id'] }), video(10), world.deps, { projectId: null });
    expect(outcome.attempts.map((a) => [a.provider, a.outcome, a.reason])).toEqual([
      ['d-id', 'failed', 'rejected'],
      ['local', 'succeeded', null],
    ]);
    expect(t.library.sqlite.prepare('SELECT state FROM provider_jobs').pluck().get()).toBe('failed');
    expect(world.breakers.for('d-id').exportState().consecutiveFailures).toBe(0);
  });

  it('gives up on a job that runs past its time limit, cancelling it remotely', async () => {
    const runway = fakeVideoService('runway', { runningPolls: 10_000 });
    const world = routerWorld(t.library, { adapters: { runway, local: localVideo() } });
    const outcome = await runPlan(world.plan('video_generation', { videoSeconds: 5 }, { chain: ['runway'] }), video(5), world.deps, { projectId: null });
    expect(outcome.attempts[0]).toMatchObject({ provider: 'runway', outcome: 'failed', reason: 'timeout' });
    expect(runway.cancels).toEqual(['runway-job-1']);
    expect(runway.polls.length).toBe(Math.ceil(PROVIDER_CATALOG.runway.jobTimeoutMs! / PROVIDER_CATALOG.runway.pollIntervalMs!) + 1);
    expect(outcome.result?.provider).toBe('local');
  });

  it('takes a large download from a file, keeping a copy in the library and removing the download', async () => {
    const runway = fakeVideoService('runway', { runningPolls: 0 });
    const download = path.join(t.scratch, 'runway-download.mp4');
    runway.download = async () => {
      writeFileSync(download, 'a long video');
      return { video: { file: download }, mime: 'video/mp4' };
    };
    const world = routerWorld(t.library, { adapters: { runway, local: localVideo() } });
    const outcome = await runPlan(world.plan('video_generation', { videoSeconds: 5 }, { chain: ['runway'] }), video(5), world.deps, { projectId: null });
    const output = outcome.result?.outputs[0];
    expect(output && 'file' in output && readFileSync(output.file, 'utf8')).toBe('a long video');
    expect(existsSync(download)).toBe(false);
  });

  it('drops a job whose result can no longer be fetched, so the next run submits afresh', async () => {
    const heygen = fakeVideoService('heygen', { runningPolls: 0 });
    const download = heygen.download;
    heygen.download = async () => {
      throw new ProviderError({ kind: 'bad_request', provider: 'heygen', status: 404, detail: 'video_url expired' });
    };
    const world = routerWorld(t.library, { adapters: { heygen, local: localVideo() } });
    const run = () => runPlan(world.plan('video_generation', { videoSeconds: 10 }, { chain: ['heygen'] }), video(10), world.deps, { projectId: null });
    expect((await run()).attempts[0]).toMatchObject({ provider: 'heygen', outcome: 'failed', reason: 'bad_request' });
    expect(world.ledger.openJobs()).toEqual([]);

    heygen.download = download;
    expect((await run()).result?.provider).toBe('heygen');
    expect(heygen.submits).toHaveLength(2);
  });
});
