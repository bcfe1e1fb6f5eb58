import type { Readable } from 'node:stream';
import path from 'node:path';
import type { MotionSettings } from '../../../src-shared/render.js';
import { VERIFY_MAX_SECONDS } from '../../../src-shared/limits.js';
import type { MotionTrack } from '../animate/motion-track.js';
import { renderTalkingVideo } from '../animate/render-talking-video.js';
import type { EnhanceResult } from '../enhance/local-enhancer.js';
import type { DetectedFace } from '../face/face-analysis.js';
import { mouthOpening } from '../face/landmarks.js';
import { takeFaceSession, warmFaceSession } from '../face/face-session.js';
import type { KitManifest } from '../kit/export-kit.js';
import type { KitMaster } from '../kit/kit-master.js';
import type { MediaHealth } from '../verify/media-health.js';
import { checkReadsToTheEnd, verifyVideo, type VerifyInput, type VideoVerification } from '../verify/video-verify.js';
import { detectSpeechSegments, type SpeechSegment } from '../voice/speech-segments.js';
import type { Voice } from '../voice/voice.js';
import { checkAndKit } from './attempt-checks.js';
import type { CloudRender, CloudVideoResult } from './cloud-port.js';
import { attemptFiles, OUTPUT_FILES } from './output-files.js';
import { animationVoice } from './photo-and-voice.js';
import { judge, type Verdict } from './quality-gate.js';
import type { RenderSettings } from './render-request.js';
import type { RunStage } from './stage-runner.js';

/**
 * The largest frame whose check runs alongside the drawing: none. On two cores the drawing,
 * x264 and the check's face mesh compete for the same CPU, so running the check alongside
 * saved nothing, while its face model and decoder beside x264 raised the peak. Measured
 * with and without in one run, three times, 10 s at 720×1280 (`tp render`, the machine
 * shared): 49.5 / 42.3 / 35.8 s alongside against 48.4 / 38.7 / 29.2 s after the file,
 * peak 666 / 614 / 606 MB against 475 / 482 / 489 MB; again with the lean allocator
 * (media/lean-malloc.ts): 20.7 / 22.6 / 19.6 s against 20.7 / 21.4 / 21.0 s, peak
 * 623 / 614 / 618 MB against 483 / 480 / 452 MB. Measured again with the check meshing
 * about 17 frames a clip instead of every one (`tp render`, 10 s, compiled engine): on a
 * quiet machine at 720×1280, 5.45 / 5.41 s alongside against 5.37 / 5.45 s after the file
 * (the verify stage 0.40 s against 1.14–1.18 s, but the drawing 0.75 s longer); with the
 * SIMD warp, alongside used 0.4–0.9 s more CPU (9.81 / 10.06 s against 8.94 / 9.70 s) and
 * peaked at 525–528 MB against 418–419 MB; at 1080×1920, 639–647 MB against 467–485 MB,
 * over issue 15's 500 MB either way. The path stays (the encoder's `encodedCopy`) for
 * machines where a spare core and memory would make it pay: raise this then.
 */
const CHECK_ALONGSIDE_MAX_PIXELS = 0;

/**
 * The largest frame whose check boots its face model as the drawing starts instead of as
 * it ends. The boot (about 0.26 s of CPU: the model's code, weights and wasm) then runs
 * while the scene is built and x264 starts, not in the verify stage beside the check's
 * decoder: a 10 s 720×1280 render's verify stage used 0.1–0.2 s less CPU, its tree's peak
 * 10–16 MB higher (397–418 MB against 383–402; the booted model holds little until it
 * meshes), 60 s at 720×1280 442 MB against 463. At 1080×1920 the tree peaked at 515–520 MB
 * against 465–469 when this came in; with x264's lookahead in its encoding threads
 * (h264-args.ts) and the young generations capped (media/lean-malloc.ts,
 * workers/worker-client.ts), a fresh thread booted as the drawing starts leaves the
 * tree's peak at 449 MB for 10 s and 458 MB for 60 s (415 and 423 booted as it ends).
 */
export const CHECK_MODEL_EARLY_MAX_PIXELS = 1080 * 1920;

/**
 * The largest frame whose check keeps the face thread that analysed the photo (booted, its
 * wasm heap grown by the photo) rather than booting a fresh one: at 1080×1920 the kept
 * thread held about 80 MB more at the tree's peak (a 60 s render 502 MB, over issue 15's 500).
 */
export const CHECK_KEEPS_PHOTO_FACE_THREAD_MAX_PIXELS = 720 * 1280;

/** What every attempt of one render shares. */
export interface AttemptSetup {
  req: RenderSettings;
  master: KitMaster;
  stagingDir: string;
  cloud?: CloudRender;
  /** The caller's signal: an attempt's own work stops with it. */
  signal?: AbortSignal;
  stage: RunStage;
  face: DetectedFace;
  /** A recording's speech segments: its captions' timing when its words were never aligned. */
  segments: SpeechSegment[];
  verifyMaxFrames: number;
  /**
   * A clip judged whole (not in windows spread over it) is judged from the encoder's own
   * H.264 while it is drawn: one pass from the first frame, the same pixels as the file's.
   */
  judgedWhole: boolean;
  /** The check's one pass over the file reaches its end (a long clip's windows spread to it): the file check rides on it. */
  checkReadsToTheEnd: boolean;
}

export function attemptSetup(shared: Omit<AttemptSetup, 'segments' | 'verifyMaxFrames' | 'judgedWhole' | 'checkReadsToTheEnd'>, voice: Voice): AttemptSetup {
  const { req } = shared;
  const verifyMaxFrames = Math.round(VERIFY_MAX_SECONDS * req.fps);
  const frames = Math.round((voice.analysis.samples.length / voice.analysis.sampleRate) * req.fps);
  return {
    ...shared,
    // Timed from the voice: eSpeak's word times for TTS, the transcript aligned to a
    // recording, or (words never aligned) the recording's speech segments.
    segments: voice.source === 'recording' ? detectSpeechSegments(voice.analysis.samples, voice.analysis.sampleRate) : [],
    verifyMaxFrames,
    judgedWhole: frames <= verifyMaxFrames,
    checkReadsToTheEnd: checkReadsToTheEnd(frames, verifyMaxFrames, req.fps),
  };
}

export interface Attempt {
  source: EnhanceResult;
  motion: MotionSettings;
  animation: CloudVideoResult;
  verification: VideoVerification | undefined;
  health: MediaHealth;
  kit: KitManifest | undefined;
  outFile: string;
  kitDir: string;
  verdict: Verdict;
  /** The speech the master carries: ours, or a cloud video's own (Veo); captions, kit and report follow it. */
  voice: Voice;
}

/**
 * Animate from one enhanced photo with one set of motion settings, make the kit from it,
 * and judge the file. With a kit, the renditions' decode of the video also measures its
 * health, so the file is read once, not twice. `n` 2 is the quality gate's second try,
 * written beside the first until the better one is kept.
 */
export async function animateAndCheck(setup: AttemptSetup, source: EnhanceResult, motion: MotionSettings, n: 1 | 2, spoken: Voice, track?: Promise<MotionTrack>): Promise<Attempt> {
  const { req, master, stagingDir, cloud, signal, stage, face } = setup;
  let voice = spoken;
  const files = attemptFiles(n);
  const outFile = path.join(stagingDir, files.video);
  const voiceInput = animationVoice(voice);
  const together = new AbortController();
  const onAbort = (): void => together.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  // Read when the check starts: after a cloud video that spoke itself, against its speech.
  const verifyRequest = (region: VerifyInput['region']): VerifyInput => ({
    videoPath: outFile,
    width: master.width,
    height: master.height,
    fps: req.fps,
    region,
    voice: { samples: voice.analysis.samples, sampleRate: voice.analysis.sampleRate },
    // The mouth is judged against the words too: closes on p/b/m, opens, rounds.
    phones: voice.phones,
    photoGap: mouthOpening(face.mesh),
    maxFrames: setup.verifyMaxFrames,
    signal: together.signal,
  });
  // Judged while drawn (a local animation, a clip judged whole): the check reads the
  // encoder's H.264 as it is written, its mesh on the other core, and only its tail is
  // left once the file is done. The verify stage is that tail: what it adds to the render.
  const alongside = req.verify && setup.judgedWhole && !(cloud && n === 1) && master.width * master.height <= CHECK_ALONGSIDE_MAX_PIXELS;
  let checkedAlongside: Promise<VideoVerification> | undefined;
  let alongsideProgress: ((percent: number) => void) | undefined;
  const onEncodedVideo = (h264: Readable, region: VerifyInput['region']): void => {
    const session = takeFaceSession();
    checkedAlongside = verifyVideo({ ...verifyRequest(region), encoded: h264, session, onProgress: (p) => alongsideProgress?.(p * 0.9) }).finally(() => session.close());
    // Never left unread: x264 would wait on it.
    checkedAlongside.catch(() => h264.resume());
  };
  const animate = async (progress: (percent: number) => void) => {
    // The check's face model boots in its thread while the frame's scene is built.
    if (alongside || (req.verify && master.width * master.height <= CHECK_MODEL_EARLY_MAX_PIXELS)) warmFaceSession();
    const prepared = await track;
    return renderTalkingVideo({
      ...(prepared ? { track: prepared } : {}),
      photo: source,
      ...inVideoPhoto(face, source.scale),
      // A larger frame's check boots its face model while ffmpeg finishes the file.
      ...(req.verify && !alongside ? { onFramesWritten: warmFaceSession } : {}),
      ...(alongside ? { onEncodedVideo } : {}),
      voice: voiceInput,
      width: master.width,
      height: master.height,
      fps: req.fps,
      motion,
      outFile,
      maxrateKbps: master.maxrateKbps,
      watermark: req.watermark,
      signal,
      onProgress: progress,
    });
  };
  // A cloud video is tried once; the quality gate's second attempt is drawn here.
  const animating: Promise<CloudVideoResult> = stage('animate', cloud && n === 1 ? 'Making the talking video' : 'Animating the face', (progress) =>
    cloud && n === 1
      ? cloud.video({
          enhancedJpeg: path.join(stagingDir, OUTPUT_FILES.enhancedPhoto),
          voice: voiceInput,
          script: req.script ?? req.transcript ?? '',
          ownRecording: req.script === undefined,
          language: req.language,
          width: master.width,
          height: master.height,
          fps: req.fps,
          motion,
          maxrateKbps: master.maxrateKbps,
          watermark: req.watermark,
          outFile,
          signal,
          renderLocally: () => animate(progress),
        })
      : animate(progress),
  );
  let animation: CloudVideoResult;
  try {
    animation = await animating;
  } catch (error) {
    together.abort();
    signal?.removeEventListener('abort', onAbort);
    // The check alongside ends with the stream; its own failure is this one's echo.
    await checkedAlongside?.catch(() => undefined);
    throw error;
  }
  // The captions, the kit and the report follow the speech the master carries.
  if (animation.voice) voice = animation.voice;
  const kitDir = path.join(stagingDir, files.kit);
  let checked;
  try {
    checked = await checkAndKit(setup, {
      n,
      outFile,
      kitDir,
      animation,
      voice,
      together,
      measure: (progress, tap) => {
        alongsideProgress = progress;
        if (checkedAlongside) return checkedAlongside;
        return req.verify ? verifyVideo({ ...verifyRequest(animation.region), ...(tap ? { tap } : {}), onProgress: (p) => progress(p * 0.9) }) : Promise.resolve(undefined);
      },
      // The check reads the file in one pass from its first frame (video-verify.ts), to its end.
      readsFileWhole: req.verify && setup.checkReadsToTheEnd && !checkedAlongside,
      // The local engine's file: the master's size, with the voice.
      ...(cloud && n === 1 ? {} : { written: { width: master.width, height: master.height, audio: true } }),
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  const { verification, health, kit } = checked;
  return { source, motion, animation, verification, health, kit, outFile, kitDir, verdict: judge(source.after, verification, health), voice };
}

/** The chosen face's mesh and box on a photo drawn at `scale` (the enhanced photo's). */
function inVideoPhoto(face: { mesh: readonly (readonly [number, number])[]; depth?: readonly number[]; box: { x: number; y: number; width: number; height: number } }, scale: number) {
  return {
    mesh: face.mesh.map((p) => [p[0] * scale, p[1] * scale] as const),
    ...(face.depth ? { meshDepth: face.depth.map((z) => z * scale) } : {}),
    faceBox: { x: face.box.x * scale, y: face.box.y * scale, width: face.box.width * scale, height: face.box.height * scale },
  };
}
