import path from 'node:path';
import type { MotionSettings } from '../../../src-shared/render.js';
import { VERIFY_MAX_SECONDS } from '../../../src-shared/limits.js';
import type { MotionTrack } from '../animate/motion-track.js';
import { renderTalkingVideo } from '../animate/render-talking-video.js';
import type { EnhanceResult } from '../enhance/local-enhancer.js';
import type { DetectedFace } from '../face/face-analysis.js';
import { mouthOpening } from '../face/landmarks.js';
import { warmFaceSession } from '../face/face-session.js';
import type { KitManifest } from '../kit/export-kit.js';
import type { KitMaster } from '../kit/kit-master.js';
import { DrawnFrames } from '../verify/drawn-frames.js';
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
  /** A clip judged whole (not in windows spread over it): a local one is judged on its frames as they are drawn. */
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
  // A local render judged whole is judged on its frames as they are drawn (drawn-frames.ts):
  // the encoder hands each frame's region, scaled, to the check, no picture of the file is
  // decoded again, and the check reads each frame while x264 encodes; only its tail is left
  // once the file is done, and the verify stage is that tail. The file check then proves the
  // file holds those frames (drawn-file-check.ts). A cloud video and a long clip (judged in
  // windows) are decoded once written; an unchecked render with a kit has its file checked
  // by the kit's renditions.
  //
  // Measured (10 s, `tp render` compiled, each round with its own ffmpeg floor): at
  // 720×1280, with the scaling in an ffmpeg of its own fed every frame, 8.21 s against
  // 8.53 s for the file's decode over eight ABBA pairs; with the encoder scaling, 8.41 s
  // against 8.57 (four pairs, floor 5.2 s), the tree's CPU 14.5 s against 15.4 and its peak
  // 418 MB against 468. At 1080×1920 the scaler of its own was a loss (ratio 1.83, 549 MB);
  // with the encoder scaling, 10.44–10.95 s against 11.54–11.94 for the file's decode, CPU
  // 18.0–19.2 s against 20.2–20.7, peak 486–499 MB against 445 (the face model booted
  // beside the drawing).
  const judgesDrawn = setup.judgedWhole && !(cloud && n === 1) && (req.verify || req.platforms.length === 0);
  let drawnFrames: DrawnFrames | undefined;
  let judgedWhileDrawn: Promise<VideoVerification> | undefined;
  let drawnProgress: ((percent: number) => void) | undefined;
  const openDrawnFrames = (region: VerifyInput['region']): DrawnFrames => {
    const drawn = new DrawnFrames(region, { fps: req.fps }, req.verify);
    drawnFrames = drawn;
    if (req.verify) {
      judgedWhileDrawn = verifyVideo({ ...verifyRequest(region), drawn, onProgress: (p) => drawnProgress?.(p * 0.9) });
      // Awaited by the verify stage; a failure of the drawing is the drawing's to report.
      judgedWhileDrawn.catch(() => undefined);
    }
    return drawn;
  };
  const animate = async (progress: (percent: number) => void) => {
    // The check's face model boots in its thread while the frame's scene is built.
    if (req.verify && master.width * master.height <= CHECK_MODEL_EARLY_MAX_PIXELS) warmFaceSession();
    const prepared = await track;
    return renderTalkingVideo({
      ...(prepared ? { track: prepared } : {}),
      photo: source,
      ...inVideoPhoto(face, source.scale),
      // A larger frame's check boots its face model while ffmpeg finishes the file.
      ...(req.verify && !judgesDrawn ? { onFramesWritten: warmFaceSession } : {}),
      ...(judgesDrawn ? { openDrawnFrames } : {}),
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
    // The check of the drawn frames ends with them; its own failure is this one's echo.
    await judgedWhileDrawn?.catch(() => undefined);
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
        drawnProgress = progress;
        if (judgedWhileDrawn) return judgedWhileDrawn;
        return req.verify ? verifyVideo({ ...verifyRequest(animation.region), ...(tap ? { tap } : {}), onProgress: (p) => progress(p * 0.9) }) : Promise.resolve(undefined);
      },
      // The check reads the file in one pass from its first frame (video-verify.ts), to its end.
      readsFileWhole: req.verify && setup.checkReadsToTheEnd && !drawnFrames,
      ...(drawnFrames ? { drawn: drawnFrames } : {}),
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
