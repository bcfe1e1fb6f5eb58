import { describe, expect, it } from 'vitest';
import { TalkingPhotoError, isTalkingPhotoError } from '../../../src-shared/errors.js';
import type { FailingRequest } from '../../../tests/support/failing-worker.js';
import { WorkerClient } from './worker-client.js';

const failingWorker = new URL('../../../tests/support/failing-worker', import.meta.url);

describe('a worker thread’s failures', () => {
  it('arrive as a TalkingPhotoError with its code, sentence and detail when the worker threw one', async () => {
    const client = new WorkerClient<FailingRequest, string>(failingWorker);
    try {
      const error = await client.call('typed').catch((e: unknown) => e);
      expect(isTalkingPhotoError(error)).toBe(true);
      expect(error).toMatchObject({ code: 'NO_FACE', message: 'No face was found in this photo.', detail: 'thrown in the worker' });
      // The thread still answers after an expected failure.
      await expect(client.call('echo')).resolves.toBe('echo');
    } finally {
      await client.close();
    }
  });

  it('arrive as a plain Error (a bug) carrying the worker’s own stack for the log', async () => {
    const client = new WorkerClient<FailingRequest, string>(failingWorker);
    try {
      const error = (await client.call('bug').catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(TalkingPhotoError);
      expect(error.message).toBe('index 7 is out of range');
      expect(error.stack).toContain('failing-worker');
    } finally {
      await client.close();
    }
  });

  it('fail the waiting call, instead of hanging it, when the thread dies or is closed mid-call', async () => {
    const dying = new WorkerClient<FailingRequest, string>(failingWorker);
    await expect(dying.call('die')).rejects.toThrow('worker exited with code 3');
    await expect(dying.call('echo')).rejects.toThrow('worker exited with code 3');
    await dying.close();

    const closed = new WorkerClient<FailingRequest, string>(failingWorker);
    await expect(closed.call('echo')).resolves.toBe('echo');
    const waiting = closed.call('hang');
    await closed.close();
    await expect(waiting).rejects.toThrow('worker thread was closed');
    await expect(closed.call('echo')).rejects.toThrow('worker thread was closed');
  });
});
