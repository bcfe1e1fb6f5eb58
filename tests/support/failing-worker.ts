import { TalkingPhotoError } from '../../src-shared/errors.js';
import { serve } from '../../src-main/engine/workers/worker-client.js';

/** A worker thread that fails on request (worker-client.test.ts): as expected input, as a bug, or by dying mid-call. */
export type FailingRequest = 'typed' | 'bug' | 'die' | 'hang' | 'echo';

await serve<FailingRequest, string>(async (request) => {
  if (request === 'typed') throw new TalkingPhotoError('NO_FACE', 'No face was found in this photo.', { detail: 'thrown in the worker' });
  if (request === 'bug') throw new RangeError('index 7 is out of range');
  // Inside a worker, process.exit ends this thread only: the caller's request is left without an answer.
  if (request === 'die') process.exit(3);
  if (request === 'hang') return new Promise<string>(() => undefined);
  return 'echo';
});
