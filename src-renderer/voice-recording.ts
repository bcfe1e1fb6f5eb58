import { MIN_VOICE_SECONDS } from '../src-shared/limits.js';

/**
 * The creator's voice from the microphone: MediaRecorder makes the take, an AnalyserNode
 * measures the level for the meter. Apart from React, so the recorder component only shows
 * state. Every way a recording ends (stop, the limit, an error, the creator leaving) stops
 * the microphone's tracks, which is what turns the system's microphone indicator off.
 */

/**
 * What to record in, best first; all are containers the engine's recording loader takes
 * (src-main/engine/voice/recording.ts). Chromium and Firefox record WebM/Opus, Safari only MP4/AAC.
 */
const RECORDING_TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/ogg', 'audio/mp4'] as const;

export type RecorderProblem = 'denied' | 'no-microphone' | 'busy' | 'unsupported' | 'too-short' | 'failed';

export const RECORDER_PROBLEMS: Record<RecorderProblem, string> = {
  denied: 'TalkingPhoto can’t use the microphone: allow it in your system’s privacy settings, or pick a recording file instead.',
  'no-microphone': 'No microphone was found: plug one in, or pick a recording file instead.',
  busy: 'The microphone could not start: close other apps that use it, then press Record again.',
  unsupported: 'Recording is not supported in this window: pick a recording file instead.',
  'too-short': 'The recording was too short: press Record, speak for at least a second, then press Stop.',
  failed: 'Recording stopped unexpectedly: press Record to try again, or pick a recording file instead.',
};

/** An expected way for recording to fail, with the sentence the creator reads. */
export class RecorderError extends Error {
  constructor(
    readonly problem: RecorderProblem,
    options?: { cause?: unknown },
  ) {
    super(RECORDER_PROBLEMS[problem], options);
    this.name = 'RecorderError';
  }
}

/** What getUserMedia and MediaRecorder throw, in the creator's terms (names from the Media Capture and MediaStream Recording specs). */
export function problemOf(error: unknown): RecorderProblem {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'no-microphone';
    case 'NotReadableError':
    case 'AbortError':
      return 'busy';
    case 'NotSupportedError':
      return 'unsupported';
    default:
      return 'failed';
  }
}

/** True where this window can record: both APIs exist (an insecure page or an old engine has neither). */
export function canRecordVoice(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function' && typeof globalThis.MediaRecorder === 'function';
}

/** The first type in RECORDING_TYPES the recorder supports; undefined leaves the choice to the browser. */
export function recordingMimeType(isTypeSupported: (type: string) => boolean): string | undefined {
  return RECORDING_TYPES.find((type) => isTypeSupported(type));
}

/** The file extension for a recorded type; the engine reads the content, so the name only has to look right to the creator. */
export function extensionOf(mimeType: string): string {
  if (/^audio\/ogg/u.test(mimeType)) return 'ogg';
  if (/^(audio|video)\/mp4/u.test(mimeType)) return 'm4a';
  return 'webm';
}

/** "recording-2026-03-12-0930.webm", in the creator's local time. */
export function recordingFileName(at: Date, mimeType: string): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `recording-${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}-${two(at.getHours())}${two(at.getMinutes())}.${extensionOf(mimeType)}`;
}

/** "01:05": minutes and seconds, as a recorder counts. */
export function formatClock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}

export interface VoiceTake {
  file: File;
  seconds: number;
  /** It ended because it reached the longest recording the engine takes. */
  reachedLimit: boolean;
}

export interface VoiceRecording {
  /** Seconds recorded so far. */
  elapsed(): number;
  /** How loud the microphone is now, 0–1; null where the window cannot measure it. */
  level(): number | null;
  /** Ends the take; `finished` then gives it. */
  stop(): void;
  /** Ends the take and throws it away (the creator left the screen). */
  discard(): void;
  /** The take once recording ended; null when it was discarded. Rejects with a RecorderError. */
  readonly finished: Promise<VoiceTake | null>;
}

/** The microphone's level: peak sample in dBFS, −60 dB shown as empty, since on a linear scale quiet speech barely moves the bar. */
const METER_FLOOR_DB = -60;

function levelMeter(stream: MediaStream): { level(): number; close(): void } | null {
  const Context = globalThis.AudioContext as typeof AudioContext | undefined;
  if (typeof Context !== 'function') return null;
  const context = new Context();
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  context.createMediaStreamSource(stream).connect(analyser);
  // Created after the click on Record, but a permission prompt in between can outlast the click's activation.
  if (context.state === 'suspended') void context.resume();
  const samples = new Float32Array(analyser.fftSize);
  return {
    level() {
      analyser.getFloatTimeDomainData(samples);
      let peak = 0;
      for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
      if (peak === 0) return 0;
      return Math.min(1, Math.max(0, (20 * Math.log10(peak) - METER_FLOOR_DB) / -METER_FLOOR_DB));
    },
    close() {
      void context.close();
    },
  };
}

/**
 * Asks for the microphone and starts recording. The take ends on `stop()`, after
 * `maxSeconds`, or when the microphone goes away (unplugged, permission taken back).
 */
export async function startVoiceRecording({ maxSeconds }: { maxSeconds: number }): Promise<VoiceRecording> {
  if (!canRecordVoice()) throw new RecorderError('unsupported');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (error) {
    throw new RecorderError(problemOf(error), { cause: error });
  }

  let meter: ReturnType<typeof levelMeter> = null;
  let limitTimer: ReturnType<typeof setTimeout> | undefined;
  const release = (): void => {
    clearTimeout(limitTimer);
    for (const track of stream.getTracks()) track.stop();
    meter?.close();
    meter = null;
  };

  let recorder: MediaRecorder;
  const mimeType = recordingMimeType((type) => MediaRecorder.isTypeSupported(type));
  try {
    recorder = mimeType ? new MediaRecorder(stream, { mimeType }) : new MediaRecorder(stream);
    recorder.start();
  } catch (error) {
    release();
    throw new RecorderError(problemOf(error) === 'failed' ? 'unsupported' : problemOf(error), { cause: error });
  }
  try {
    meter = levelMeter(stream);
  } catch {
    // The meter is a comfort: a window whose audio graph cannot start still records.
    meter = null;
  }

  const startedAt = Date.now();
  let endedAt: number | null = null;
  let reachedLimit = false;
  let discarded = false;
  const chunks: Blob[] = [];
  const elapsed = (): number => ((endedAt ?? Date.now()) - startedAt) / 1000;

  const end = (): void => {
    if (endedAt !== null) return;
    endedAt = Date.now();
    if (recorder.state !== 'inactive') recorder.stop();
    else release();
  };

  const finished = new Promise<VoiceTake | null>((resolve, reject) => {
    recorder.addEventListener('dataavailable', (event) => {
      if (event.data.size > 0) chunks.push(event.data);
    });
    recorder.addEventListener('error', (event) => {
      endedAt ??= Date.now();
      release();
      reject(new RecorderError('failed', { cause: (event as Event & { error?: unknown }).error }));
    });
    recorder.addEventListener('stop', () => {
      endedAt ??= Date.now();
      release();
      if (discarded) return resolve(null);
      const type = recorder.mimeType || mimeType || 'audio/webm';
      const blob = new Blob(chunks, { type });
      const seconds = elapsed();
      if (blob.size === 0 || seconds < MIN_VOICE_SECONDS) return reject(new RecorderError('too-short'));
      resolve({ file: new File([blob], recordingFileName(new Date(), type), { type }), seconds, reachedLimit });
    });
  });

  for (const track of stream.getAudioTracks()) track.addEventListener('ended', end);
  limitTimer = setTimeout(() => {
    reachedLimit = true;
    end();
  }, maxSeconds * 1000);

  return {
    elapsed,
    level: () => meter?.level() ?? null,
    stop: end,
    discard() {
      discarded = true;
      end();
      // Nothing of the take is wanted: the microphone goes off now, not when the recorder has flushed.
      release();
    },
    finished,
  };
}
