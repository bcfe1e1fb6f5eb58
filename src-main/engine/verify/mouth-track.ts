import { withFaceSession, type FaceSession } from '../face/face-session.js';
import { at, distance, interocularDistance, LIPS, mouthOpening, type Point } from '../face/landmarks.js';
import { cancelled } from '../pipeline/cancellation.js';
import type { MouthTrack } from './viseme-measures.js';
import { analysisSize, decodeFrames } from './frame-decode.js';

/**
 * The mouth as a viewer sees it, frame by frame: decode a video's frames (only the part
 * where the face is), run the same face mesh the app uses, and keep the inner-lip gap and
 * the inner-mouth width, both in eye distances so photo size does not matter. Works on
 * our rendered videos and on real talking videos alike, so the two are tracked the same way.
 */

export interface MouthTrackInput {
  videoPath: string;
  fps: number;
  /** Frames to decode from the start. */
  frameCount: number;
  /** Where the face is, in video pixels: the only part decoded. */
  region: { x: number; y: number; width: number; height: number };
  /** Which frames to mesh (all when absent); the others are NaN in the track. */
  frames?: ReadonlySet<number>;
  /** A session already open (the caller tracks several videos); a new one otherwise. */
  session?: FaceSession;
  signal?: AbortSignal;
}

export interface TrackedMouth extends MouthTrack {
  /** Frames given to the mesh, and in how many of them a face was found. */
  meshed: number;
  found: number;
  /** Median eye distance in decoded pixels: below ~25 the mesh's lips are unreliable. */
  iodPx: number;
  trackMs: number;
}

/** Distance between the inner mouth corners ÷ eye distance (the mesh's own unless given): narrows when the lips round. */
export function innerMouthWidth(mesh: ArrayLike<Point>, eyeDistancePx = interocularDistance(mesh)): number {
  return distance(at(mesh, LIPS.innerCornerRight), at(mesh, LIPS.innerCornerLeft)) / eyeDistancePx;
}

export async function trackMouth(input: MouthTrackInput): Promise<TrackedMouth> {
  const run = async (session: FaceSession): Promise<TrackedMouth> => {
    const started = performance.now();
    const { width, height } = analysisSize(input.region);
    const gap = new Float64Array(input.frameCount).fill(NaN);
    const mouthWidth = new Float64Array(input.frameCount).fill(NaN);
    const iods: number[] = [];
    let meshed = 0;
    let found = 0;
    let k = 0;
    for await (const rgb of decodeFrames(input, width, height, input.frameCount)) {
      if (input.signal?.aborted) throw cancelled();
      if (!input.frames || input.frames.has(k)) {
        meshed++;
        const face = (await session.detect({ rgb, width, height }, { refine: false }))[0];
        if (face) {
          found++;
          gap[k] = mouthOpening(face.mesh);
          mouthWidth[k] = innerMouthWidth(face.mesh);
          iods.push(face.interocularPx);
        }
      }
      k++;
    }
    iods.sort((a, b) => a - b);
    return {
      fps: input.fps,
      gap: gap.subarray(0, k),
      width: mouthWidth.subarray(0, k),
      meshed,
      found,
      iodPx: iods.length ? iods[Math.floor(iods.length / 2)]! : 0,
      trackMs: performance.now() - started,
    };
  };
  return input.session ? run(input.session) : withFaceSession(run);
}
