import { TalkingPhotoError } from '../../../src-shared/errors.js';

/**
 * The one error every engine stage throws when the creator pressed Cancel (or the queue
 * shut down), whether it was waiting on ffmpeg, espeak, a face model or a provider: the
 * queue tells a cancel from a failure by this code, never by which runner noticed.
 */
export function cancelled(): TalkingPhotoError {
  return new TalkingPhotoError('CANCELLED', 'The render was cancelled.');
}
