import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isTalkingPhotoError, TalkingPhotoError } from '../../../src-shared/errors.js';
import { VERIFY_MAX_SECONDS } from '../../../src-shared/limits.js';
import { takeFaceSession, type FaceSession } from '../face/face-session.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../media/ffmpeg.js';
import { probeMedia, type ProbeResult } from '../media/probe.js';
import { runProcess } from '../media/run-process.js';
import { loadRecording } from '../voice/recording.js';
import type { PhoneTimeline } from '../voice/phone-timeline.js';
import { measureMediaHealth, type MediaHealth } from './media-health.js';
import { videoScore, type VideoScore } from './quality-score.js';
import { verifyVideo, type VerifyInput, type VideoVerification } from './video-verify.js';

/**
 * Any talking-head video judged by the same measures as our own renders (`tp score`, a
 * cloud provider's clip): its own sound gives the phones (aligned to the transcript when
 * one is given, estimated from the audio alone when not), the face is found on one frame,
 * and the region around it is checked frame by frame.
 */

export interface FileJudgement extends VideoScore {
  verification: VideoVerification;
  health: MediaHealth;
  phonesMethod: PhoneTimeline['method'];
  region: { x: number; y: number; width: number; height: number };
}

export interface JudgeFileOptions {
  transcript?: string;
  /** The voice the video is meant to carry, when known (a provider's clip judged against our phones); else the file's own sound. */
  voice?: { samples: Float32Array; sampleRate: number; phones: PhoneTimeline };
  /** Judge at most this much of the video (windows spread over a long one). */
  maxSeconds?: number;
  session?: FaceSession;
  signal?: AbortSignal;
  /** Measure tools: the eyes' per-frame series the blinks were counted from (video-verify.ts). */
  onBlinkSeries?: VerifyInput['onBlinkSeries'];
}

/** Long videos are judged on 20 s worth of windows spread over them, like the render's own check (VERIFY_MAX_SECONDS). */
export const JUDGE_MAX_SECONDS = VERIFY_MAX_SECONDS;
/** The face found on one frame, grown to twice its size: a talking head moves inside that. */
const REGION_PER_FACE = 2;

const notVideo = (detail: string): TalkingPhotoError => new TalkingPhotoError('NOT_A_VIDEO', 'This file is not a video: give an MP4, MOV, MKV or WebM file with a picture and sound.', { detail });

async function probeVideo(file: string, needsSound: boolean, signal?: AbortSignal): Promise<ProbeResult> {
  try {
    await stat(file);
  } catch {
    throw new TalkingPhotoError('FILE_NOT_FOUND', `There is no file at ${file}: check the path.`);
  }
  let probed: ProbeResult;
  try {
    probed = await probeMedia(file, { signal });
  } catch (error) {
    throw notVideo(error instanceof Error ? error.message : String(error));
  }
  const video = probed.streams.find((s) => s.codecType === 'video');
  // A still image probes as a one-frame "video": a talking head needs moving pictures.
  if (!video || !video.width || !video.height || (video.frames !== undefined && video.frames < 2) || probed.durationS <= 0) throw notVideo(`streams: ${probed.formatName}`);
  if (needsSound && !probed.streams.some((s) => s.codecType === 'audio')) {
    throw new TalkingPhotoError('NOT_AN_AUDIO_FILE', 'The video has no sound track: the judge times the mouth against the voice, so it needs the sound.');
  }
  return probed;
}

/** Where the face is: found on a frame a third of the way in, at most 640 px on its long side. */
async function faceRegion(file: string, probed: ProbeResult, session: FaceSession, signal?: AbortSignal): Promise<FileJudgement['region']> {
  const video = probed.streams.find((s) => s.codecType === 'video')!;
  const width = video.width!;
  const height = video.height!;
  const scale = Math.min(1, 640 / Math.max(width, height));
  const w = Math.max(2, Math.round((width * scale) / 2) * 2);
  const h = Math.max(2, Math.round((height * scale) / 2) * 2);
  const frame = await runProcess(
    mediaTools().ffmpeg.path,
    [
      ...SAFE_INPUT_FLAGS,
      '-loglevel',
      'error',
      '-ss',
      (probed.durationS / 3).toFixed(2),
      '-i',
      file,
      '-frames:v',
      '1',
      '-vf',
      `scale=${w}:${h}:flags=area`,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
    { signal },
  );
  if (frame.code !== 0 || frame.stdout.length !== w * h * 3) throw notVideo(`no frame could be decoded: ${frame.stderr.slice(-300)}`);
  const face = (await session.detect({ rgb: frame.stdout, width: w, height: h }))[0];
  if (!face) throw new TalkingPhotoError('NO_FACE', 'No face was found in the video: the judge scores talking-head videos, with the face in view.');
  const side = Math.min(width, height, (Math.max(face.box.width, face.box.height) * REGION_PER_FACE) / scale);
  const even = (v: number) => Math.max(0, Math.floor(v / 2) * 2);
  const cx = (face.box.x + face.box.width / 2) / scale;
  const cy = (face.box.y + face.box.height / 2) / scale;
  const size = even(side);
  return { x: even(Math.min(width - size, Math.max(0, cx - size / 2))), y: even(Math.min(height - size, Math.max(0, cy - size / 2))), width: size, height: size };
}

export async function judgeVideoFile(file: string, options: JudgeFileOptions = {}): Promise<FileJudgement> {
  const probed = await probeVideo(path.resolve(file), !options.voice, options.signal);
  const video = probed.streams.find((s) => s.codecType === 'video')!;
  const fps = video.fps && video.fps > 0 ? video.fps : 25;
  const session = options.session ?? takeFaceSession();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'tp-judge-'));
  try {
    const region = await faceRegion(file, probed, session, options.signal);
    let voice = options.voice;
    if (!voice) {
      try {
        const recording = await loadRecording({ file, workDir, transcript: options.transcript, signal: options.signal });
        voice = { samples: recording.analysis.samples, sampleRate: recording.analysis.sampleRate, phones: recording.phones };
      } catch (error) {
        if (isTalkingPhotoError(error) && error.code === 'AUDIO_SILENT') {
          throw new TalkingPhotoError('AUDIO_SILENT', "The video's sound track is silent: the judge times the mouth against the voice, so it needs speech.", { detail: error.detail });
        }
        throw error;
      }
    }
    const maxFrames = Math.round((options.maxSeconds ?? JUDGE_MAX_SECONDS) * fps);
    const [verification, health] = await Promise.all([
      verifyVideo({
        videoPath: file,
        width: video.width!,
        height: video.height!,
        fps,
        region,
        voice,
        phones: voice.phones,
        maxFrames,
        session,
        signal: options.signal,
        onBlinkSeries: options.onBlinkSeries,
      }),
      measureMediaHealth(file, { region, signal: options.signal }),
    ]);
    return { ...videoScore({ verification, health }), verification, health, phonesMethod: voice.phones.method, region };
  } finally {
    if (!options.session) await session.close();
    await rm(workDir, { recursive: true, force: true });
  }
}
