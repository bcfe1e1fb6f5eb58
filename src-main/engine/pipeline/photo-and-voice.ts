import path from 'node:path';
import { isSystemVoice } from '../../../src-shared/voices.js';
import { EnhanceSession } from '../enhance/enhance-session.js';
import type { EnhanceResult } from '../enhance/local-enhancer.js';
import { analyzeFaces, type FaceAnalysis } from '../face/face-analysis.js';
import { parkFaceSession, type FaceSession } from '../face/face-session.js';
import { writeJpeg } from '../intake/jpeg-writer.js';
import { intakePhoto, type IntakePhoto } from '../intake/photo-intake.js';
import { loadRecording } from '../voice/recording.js';
import { speakWithVoice } from '../voice/system-voices/speak-with-voice.js';
import type { Voice } from '../voice/voice.js';
import { motionTrackFor, type TalkingVideoInput } from '../animate/render-talking-video.js';
import type { MotionTrack } from '../animate/motion-track.js';
import { allOrAbort } from './all-or-abort.js';
import { cancelled } from './cancellation.js';
import type { CloudRender } from './cloud-port.js';
import { OUTPUT_FILES } from './output-files.js';
import type { RenderSettings } from './render-request.js';
import type { RunStage } from './stage-runner.js';

export interface PhotoAndVoice {
  photo: IntakePhoto;
  faces: FaceAnalysis;
  enhanced: EnhanceResult;
  /** Ours: spoken here or by a cloud voice, or the creator's recording. */
  voice: Voice;
  /** The first attempt's motion track (the request's motion), worked out while the photo was enhanced. */
  track: Promise<MotionTrack>;
}

/** The voice as the animation reads it. */
export function animationVoice(voice: Voice): TalkingVideoInput['voice'] {
  return { audioPath: voice.audioPath, samples: voice.analysis.samples, sampleRate: voice.analysis.sampleRate, durationS: voice.durationS, phones: voice.phones };
}

export interface PhotoAndVoiceWork {
  req: RenderSettings;
  /** The checked script's voice id (checkScript), when the creator named one. */
  voiceId: string | undefined;
  stagingDir: string;
  stage: RunStage;
  cloud?: CloudRender;
  /** Aborted by the caller, or by this step's own first failure. */
  sibling: AbortController;
  /** Booted while the photo is read; closed once the face is found, or kept for the check (`faceSessionForCheck`). */
  faceSession: FaceSession;
  /**
   * The check will run its face model as the drawing starts, on this very thread
   * (attempt.ts, CHECK_KEEPS_PHOTO_FACE_THREAD_MAX_PIXELS): it is kept for it, booted,
   * instead of closed and another booted.
   */
  faceSessionForCheck: boolean;
}

/**
 * The voice and the photo do not depend on each other: eSpeak (its own process) speaks, or
 * the recording is cleaned on the main thread, while the photo is read, analysed and
 * enhanced; the face and enhance stages' pixel work runs in threads of their own, so the
 * two branches share both cores. The first failure cancels the other. Booting the face
 * model's thread and the enhancer's overlaps reading the photo. The enhanced photo is
 * written into staging as it is ready.
 */
/**
 * The largest photo whose face thread is kept for the check: the model's memory grows with
 * the photo it met (the sample's 1 MP: 60 MB, a 2 MP press photo 115 MB, a 13 MP phone
 * photo 197 MB; face-detector.ts findBoxes) and is held while the video is drawn.
 */
const KEEP_FACE_THREAD_MAX_PIXELS = 1.5e6;

export async function preparePhotoAndVoice(work: PhotoAndVoiceWork): Promise<PhotoAndVoice> {
  const { req, stagingDir, stage, cloud, sibling, faceSession, faceSessionForCheck } = work;
  // Started now, its thread loads the enhancer while the photo is read and the face found
  // (closed in the photo branch's finally, or at once when the render is cancelled or the voice fails).
  const enhancer = new EnhanceSession();
  let enhanceAsked = (): void => undefined;
  const enhancing = new Promise<void>((resolve) => (enhanceAsked = resolve));
  const closeEnhancer = (): void => void enhancer.close();
  sibling.signal.addEventListener('abort', closeEnhancer, { once: true });
  const photoWork = (async () => {
    try {
      const photo = await stage('intake', 'Reading the photo', async () => {
        const taken = await intakePhoto(req.photoPath);
        return cloud ? cloud.photo(taken) : taken;
      });
      const faces = await stage('face', 'Finding the face', () => analyzeFaces(photo, { faceIndex: req.faceIndex, session: faceSession }));
      // Where the check boots its face model as the drawing starts (faceSessionForCheck),
      // this thread is kept for it, booted: 0.5–0.6 s less CPU for a 10 s 720×1280 render
      // (9.24 s against 8.66 of the whole tree, four runs each, the machine shared), for
      // 30–55 MB more held through enhance; only after a photo of up to
      // KEEP_FACE_THREAD_MAX_PIXELS, whose memory in the model stays small.
      // Otherwise its memory goes back before the photo is enhanced and the video drawn:
      // kept through enhance with a whole photo's memory, it raised a 10 s render's peak by
      // 100 MB. Its thread is ended before the enhancer's starts allocating: ended alongside
      // it, the process held up to 20 MB more through the drawing (720×1280, three runs each
      // on the loaded shared machine, so a rough figure); the wait is one turn of this
      // thread, which the voice's cleanup gives back every 50 ms or so (rnnoise.ts).
      if (faceSessionForCheck && photo.width * photo.height <= KEEP_FACE_THREAD_MAX_PIXELS) parkFaceSession(faceSession);
      else await faceSession.close();
      const enhanced = await stage('enhance', 'Enhancing the photo', () => {
        const asked = enhancer.enhance(photo, { faceBox: faces.chosen.box }).catch((error: unknown) => {
          // Its thread was ended because the render stopped: that is a cancel, not a failure of its own.
          throw sibling.signal.aborted ? cancelled() : error;
        });
        enhanceAsked();
        return asked;
      });
      // The thread's heap (the candidates, their scores) goes back before the video is drawn.
      await enhancer.close();
      await writeJpeg(enhanced.rgb, enhanced.width, enhanced.height, path.join(stagingDir, OUTPUT_FILES.enhancedPhoto));
      // The frame's still picture and rig are not prepared here, beside the voice: built
      // while the enhancer's garbage was still held on this thread, they raised the
      // render's peak memory by 30 MB (60 s at 1080×1920) to save 0.2 s. That garbage now
      // goes with the enhancer's thread; the trade has not been measured again.
      return { photo, faces, enhanced };
    } finally {
      sibling.signal.removeEventListener('abort', closeEnhancer);
      await enhancer.close();
    }
  })();
  // The creator's voice id, or none for the language's default (a natural system voice on a Mac or Windows machine).
  const speakLocally = () => speakWithVoice({ text: req.script!, language: req.language, voice: req.voice === undefined ? undefined : work.voiceId, workDir: stagingDir, signal: sibling.signal });
  const voiceWork = stage('voice', req.script !== undefined ? 'Speaking the script' : 'Preparing your recording', () =>
    req.script !== undefined
      ? cloud && !isSystemVoice(req.voice)
        ? cloud.voice(req.script, speakLocally, req.voice ?? null, req.language)
        : speakLocally()
      : loadRecording({ file: req.audioPath!, workDir: stagingDir, signal: sibling.signal, transcript: req.transcript, language: req.language, cleanup: !req.rawVoice }),
  );
  // The first attempt's motion track is worked out on this thread while the enhancer's
  // thread works (the voice done, the photo handed over: never before, so the enhancer is
  // not kept waiting): 0.1-0.3 s the drawing no longer waits for.
  const track = Promise.all([voiceWork, enhancing]).then(([voice]) => motionTrackFor(animationVoice(voice), req.fps, req.motion));
  track.catch(() => undefined);
  const [{ photo, faces, enhanced }, voice] = await allOrAbort([photoWork, voiceWork] as const, sibling);
  return { photo, faces, enhanced, voice, track };
}
