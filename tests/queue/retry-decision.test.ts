import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_KINDS, TalkingPhotoError, type ErrorCode } from '../../src-shared/errors.js';
import { createProject } from '../../src-main/app/library/index.js';
import { JobStore } from '../../src-main/app/queue/job-store.js';
import { RenderQueue, type RenderRunner } from '../../src-main/app/queue/render-queue.js';
import { fixture } from '../support/fixtures.js';
import { tempLibrary, type TempLibrary } from '../library/library-fixtures.js';

let current: TempLibrary | undefined;
afterEach(() => {
  current?.cleanup();
  current = undefined;
});

describe('the render queue’s retry decision', () => {
  it('retries a failure whose code is declared retryable and fails a permanent one at once, for every code', async () => {
    current = tempLibrary();
    const library = current.library;
    const project = await createProject(library, { type: 'avatar_presentation', title: 'every code', photoPath: fixture('portrait-obama.jpg'), script: 'Every code.' });
    const codeOfJob = new Map<string, ErrorCode>();
    const failing: RenderRunner = (_request, hooks) => Promise.reject(new TalkingPhotoError(codeOfJob.get(hooks.jobId!)!, 'It failed.'));
    const queue = new RenderQueue({ library, run: failing, backoffMs: () => 1, concurrency: 4 });
    // CANCELLED ends a job as cancelled, not failed: the cancel test in render-queue.test.ts covers it.
    const codes = ERROR_CODES.filter((code) => code !== 'CANCELLED');
    for (const code of codes) codeOfJob.set(queue.enqueue(project.id, { width: 256, height: 448, verify: false }).id, code);
    const idle = new Promise<void>((resolve) => queue.once('idle', resolve));
    await queue.start();
    await idle;
    await queue.stop();
    const store = new JobStore(library);
    for (const [jobId, code] of codeOfJob) {
      const job = store.get(jobId)!;
      expect({ code, state: job.state, lastErrorCode: job.lastErrorCode }).toEqual({ code, state: 'failed', lastErrorCode: code });
      expect({ code, attempts: job.attempts }).toEqual({ code, attempts: ERROR_KINDS[code].retry ? job.maxAttempts : 1 });
    }
    expect(store.get([...codeOfJob.entries()].find(([, code]) => code === 'NOT_A_VIDEO')![0])!.attempts).toBe(1);
  });
});
