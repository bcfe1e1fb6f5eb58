import { serve } from '../workers/worker-client.js';
import { detectFacesHere, type DetectedFace } from './face-detector.js';
import { faceModel } from './face-model.js';

/** The face model's thread: keeps the ~120 MB wasm model off the main thread and frees it on exit. */
export interface FaceRequest {
  rgb: Uint8Array;
  width: number;
  height: number;
  refine: boolean;
  /** A frame of the video meshed just before: its lips, nose and outline only (detectFacesHere's lipsOnly). */
  lipsOnly?: boolean;
}

await serve<FaceRequest, DetectedFace[]>(async (request) => {
  // An empty request only loads the model (see FaceSession's constructor).
  if (request.width === 0) {
    await faceModel();
    return [];
  }
  return detectFacesHere(
    { rgb: Buffer.from(request.rgb.buffer, request.rgb.byteOffset, request.rgb.byteLength), width: request.width, height: request.height },
    { refine: request.refine, lipsOnly: request.lipsOnly === true },
  );
});
