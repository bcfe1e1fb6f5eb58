import { frameFeatures } from '../animate/audio-features.js';
import { withFaceSession } from '../face/face-session.js';
import { eyeOpening, interocularDistance, LEFT_EYE, mouthOpening, NOSE_TIP, RIGHT_EYE } from '../face/landmarks.js';
import { cancelled } from '../media/run-process.js';
import type { VisemesReport } from '../../src-shared/report.js';
import type { PhoneTimeline } from '../voice/phone-timeline.js';
import { countClosedRuns, eyeShade, shadeClosedFrames } from './eye-shade.js';
import { ANALYSIS_WIDTH, decodeFrames } from './frame-decode.js';
import { innerMouthWidth } from './mouth-track.js';
import { bestLaggedCorrelation, mean, median, std } from './stats.js';
import { measureVisemes } from './viseme-measures.js';

/**
 * Judges a rendered video as a viewer would: decode the frames we wrote, find the face in
 * each with the same face mesh, and measure the mouth, eyes and head from those frames,
 * never from the animation's own inputs.
 */
export interface VideoVerification {
  framesAnalysed: number;
  /** Share of analysed frames in which a face was found (1 = every frame). */
  faceFoundRatio: number;
  lipSync: {
    /** Pearson r between mouth opening and voice level per frame, at the best lag. */
    correlation: number;
    /** Best lag in frames (positive: the mouth trails the voice). */
    lagFrames: number;
    /** Spread of mouth opening (inner-lip gap ÷ eye distance). */
    opennessStd: number;
    /** Mean opening while speaking and during silences. */
    opennessSpeech: number;
    opennessSilence: number;
  };
  blinks: { count: number; perMinute: number };
  head: {
    /** Spread of the nose tip's position, in eye distances: > 0 means the head is alive. */
    motionStdIod: number;
  };
  durationS: number;
  analyseMs: number;
  /** Does the mouth say the words (present when the phones were given). */
  visemes?: VisemesReport;
}

export interface VerifyInput {
  videoPath: string;
  width: number;
  height: number;
  fps: number;
  /** Where the face moves, in video pixels: the only part decoded. */
  region: { x: number; y: number; width: number; height: number };
  voice: { samples: Float32Array; sampleRate: number };
  /** Analyse at most this many frames from the start (long clips are judged on their first part). */
  maxFrames?: number;
  /** The spoken phones and the photo's own inner-lip gap ÷ eye distance: with both, the mouth is judged against the words. */
  phones?: PhoneTimeline;
  photoGap?: number;
  signal?: AbortSignal;
  onProgress?: (percent: number) => void;
}

export async function verifyVideo(input: VerifyInput): Promise<VideoVerification> {
  const started = performance.now();
  const scale = Math.min(1, ANALYSIS_WIDTH / input.region.width);
  const width = Math.max(2, Math.round((input.region.width * scale) / 2) * 2);
  const height = Math.max(2, Math.round((input.region.height * scale) / 2) * 2);
  const totalFrames = Math.round((input.voice.samples.length / input.voice.sampleRate) * input.fps);
  const maxFrames = Math.min(totalFrames, input.maxFrames ?? totalFrames);
  const mouth: number[] = [];
  const widths: number[] = [];
  const eyes: number[] = [];
  const rightShade: number[] = [];
  const leftShade: number[] = [];
  const noseX: number[] = [];
  const noseY: number[] = [];
  const iods: number[] = [];
  let found = 0;
  let index = 0;
  await withFaceSession(async (session) => {
  for await (const rgb of decodeFrames(input, width, height, maxFrames)) {
    if (input.signal?.aborted) throw cancelled();
    const faces = await session.detect({ rgb, width, height }, { refine: false });
    const face = faces[0];
    if (face) {
      found++;
      mouth.push(mouthOpening(face.mesh));
      widths.push(innerMouthWidth(face.mesh));
      eyes.push((eyeOpening(face.mesh, RIGHT_EYE) + eyeOpening(face.mesh, LEFT_EYE)) / 2);
      rightShade.push(eyeShade(rgb, width, height, face.mesh, RIGHT_EYE));
      leftShade.push(eyeShade(rgb, width, height, face.mesh, LEFT_EYE));
      const nose = face.mesh[NOSE_TIP]!;
      noseX.push(nose[0]);
      noseY.push(nose[1]);
      iods.push(interocularDistance(face.mesh));
    } else {
      mouth.push(NaN);
      widths.push(NaN);
      eyes.push(NaN);
      rightShade.push(NaN);
      leftShade.push(NaN);
    }
    index++;
    if (index % 10 === 0) input.onProgress?.((index / maxFrames) * 100);
  }
  });
  const features = frameFeatures(input.voice.samples, input.voice.sampleRate, input.fps, index);
  const level = Array.from(features.levelDb, (db) => Math.max(-60, db));
  const { r, lag } = bestLaggedCorrelation(level, mouth, 2);
  const speechThreshold = Math.max(-45, median(level) - 10);
  const speechOpen: number[] = [];
  const silenceOpen: number[] = [];
  mouth.forEach((m, k) => {
    if (Number.isNaN(m)) return;
    (level[k]! > speechThreshold ? speechOpen : silenceOpen).push(m);
  });
  // Two views of the lids. The mesh's lid points under-read a closed lid, more so on small
  // faces (a full blink measures 0.6–0.65 of the open ratio on a 300 px face, 0.82–0.9 on
  // the 240p fixture's 120 px one, where the mouth's pixels alone move the reading by a few
  // %), while frame-to-frame jitter stays within about three noise widths (a smiling
  // face's squint included): the mesh sees a blink in a dip of at least 10% that stands
  // four noise widths clear of the baseline. The eye's shade (eye-shade.ts) sees the lid
  // cover the dark of the eye whatever the mesh's lids do, but not a lid that leaves its
  // lash line in view (rgba-speaker's). A frame is closed when either sees it; each view's
  // threshold stands clear of its own noise, and a video drawn without blinks counts none.
  const eyeBaseline = median(eyes.filter((e) => !Number.isNaN(e)));
  const eyeNoise = 1.4826 * median(eyes.filter((e) => !Number.isNaN(e)).map((e) => Math.abs(e - eyeBaseline)));
  const blinkThreshold = Math.min(0.9 * eyeBaseline, Math.max(0.8 * eyeBaseline, eyeBaseline - 4 * eyeNoise));
  const shadeClosed = shadeClosedFrames([rightShade, leftShade]);
  const closed = eyes.map((e, k) => e < blinkThreshold || shadeClosed[k] === true);
  const blinkCount = countClosedRuns(closed, Math.round(input.fps * 0.1));
  const durationS = index / input.fps;
  const iod = median(iods) || 1;
  return {
    framesAnalysed: index,
    faceFoundRatio: index ? found / index : 0,
    lipSync: {
      correlation: Number.isFinite(r) ? r : 0,
      lagFrames: lag,
      opennessStd: std(mouth.filter((m) => !Number.isNaN(m))),
      opennessSpeech: mean(speechOpen),
      opennessSilence: silenceOpen.length ? mean(silenceOpen) : 0,
    },
    blinks: { count: blinkCount, perMinute: durationS > 0 ? (blinkCount * 60) / durationS : 0 },
    head: { motionStdIod: Math.hypot(std(noseX), std(noseY)) / iod },
    durationS,
    analyseMs: performance.now() - started,
    ...(input.phones?.phones.length && input.photoGap !== undefined
      ? { visemes: measureVisemes({ fps: input.fps, gap: mouth, width: widths }, input.phones, input.photoGap) }
      : {}),
  };
}

/** report.json keeps the mouth's measures in their own block (quality.visemes), beside the rest of the check. */
export function reportedVerification(verification: VideoVerification): { video: Omit<VideoVerification, 'visemes'>; visemes?: VisemesReport } {
  const { visemes, ...video } = verification;
  return visemes ? { video, visemes } : { video };
}
