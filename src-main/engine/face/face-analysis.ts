import { TalkingPhotoError } from '../../../src-shared/errors.js';
import type { DetectedFace, RgbImage } from './face-detector.js';
import { withFaceSession, type FaceSession } from './face-session.js';

export type { DetectedFace, RgbImage } from './face-detector.js';

export interface FaceAnalysis {
  chosen: DetectedFace;
  /** Every other face found, largest first, so a creator can pick one of them instead. */
  others: DetectedFace[];
  durationMs: number;
}

/**
 * Chooses the face that will talk: the largest, or the creator's pick (index into the
 * largest-first list). No face is a clear error before anything renders.
 */
export async function analyzeFaces(image: RgbImage, options: { faceIndex?: number; session?: FaceSession } = {}): Promise<FaceAnalysis> {
  const started = performance.now();
  const faces = options.session ? await options.session.detect(image) : await withFaceSession((session) => session.detect(image));
  if (faces.length === 0) {
    throw new TalkingPhotoError('NO_FACE', 'No face was found in this photo: choose a photo where one face looks towards the camera, well lit and not covered.');
  }
  const index = options.faceIndex ?? 0;
  const chosen = faces[index];
  if (!chosen) {
    throw new TalkingPhotoError('BAD_OPTION', `This photo has ${faces.length} face${faces.length === 1 ? '' : 's'}: pick a face number from 1 to ${faces.length}.`);
  }
  return { chosen, others: faces.filter((f) => f !== chosen), durationMs: performance.now() - started };
}
