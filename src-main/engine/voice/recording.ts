import { copyFile, stat } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import path from 'node:path';
import { fileTypeFromFile } from 'file-type';
import { isTalkingPhotoError, TalkingPhotoError } from '../../../src-shared/errors.js';
import { MAX_AUDIO_BYTES, MAX_VOICE_SECONDS, MIN_VOICE_SECONDS } from '../../../src-shared/limits.js';
import { probeMedia, type ProbeResult } from '../media/probe.js';
import type { LanguageCode } from '../../../src-shared/limits.js';
import { espeakTemplates, estimatePhones } from './acoustic-phones.js';
import { decodeVoice, measureVoice, normalizeVoiceSamples, type LoudnessMeasurement } from './audio-normalize.js';
import { alignTranscript } from './forced-alignment.js';
import { detectSpeechSegments } from './speech-segments.js';
import { cleanDecodedVoice, type CleanupReport } from './voice-cleanup.js';
import { cancelled } from '../pipeline/cancellation.js';
import type { PhoneTimeline } from './phone-timeline.js';
import type { Voice, VoiceWord } from './voice.js';

export { detectSpeechSegments, type SpeechSegment } from './speech-segments.js';

/**
 * The creator's own recording becomes a Voice: checked by what ffprobe finds inside it
 * (never by its name), decoded once to 48 kHz mono floats, cleaned up and
 * loudness-normalised in memory like TTS speech, and its
 * phones timed: aligned to its words when the creator gave them, estimated from the
 * audio alone when not.
 */

export interface RecordingRequest {
  file: string;
  /** Where voice.wav is written. */
  workDir: string;
  signal?: AbortSignal;
  /**
   * What is said, when known (the creator's transcript, a cloud voice's text): its words
   * and phones are then aligned to the audio, which times the mouth and the captions far
   * better than the audio alone.
   */
  transcript?: string;
  /** The transcript's language (eSpeak speaks it as the alignment's reference). */
  language?: LanguageCode;
  /** An eSpeak voice of that language close to the speaker (e.g. a female variant). */
  voice?: string;
  /**
   * Clean the take up before it is normalised (voice-cleanup.ts: rumble, noise, harsh
   * "s"). For the creator's own recordings unless they keep the raw take; a cloud voice or
   * a video being scored is heard as it is.
   */
  cleanup?: boolean;
  /** Also keep the take as recorded, only loudness-normalised, here (the Create form's "before"). */
  rawPreviewPath?: string;
}

/** A recording as the engine hears it, with what the cleanup did when it ran. */
export type RecordingVoice = Voice & { cleanup?: CleanupReport };

/**
 * Demuxers a voice recording arrives in (ffprobe `format_name` parts). Others that can
 * hold audio are refused on purpose: playlists (hls) and similar formats would make
 * ffmpeg open further files named inside an untrusted file.
 */
const AUDIO_CONTAINERS = new Set(['wav', 'w64', 'mp3', 'mov', 'mp4', 'm4a', '3gp', 'ogg', 'matroska', 'webm', 'flac', 'aac', 'aiff', 'caf']);
/** Below this sample peak nothing was recorded (a muted or unplugged microphone), measured −90 dBFS for digital silence. */
const SILENT_PEAK_DBFS = -50;

const ACCEPTED = 'WAV, MP3, M4A, OGG/Opus or WebM';

function notAudio(detail: string): TalkingPhotoError {
  return new TalkingPhotoError('NOT_AN_AUDIO_FILE', `This file is not an audio recording: use ${ACCEPTED}.`, { detail });
}

function corrupt(detail: string): TalkingPhotoError {
  return new TalkingPhotoError('AUDIO_CORRUPT', 'The recording is damaged and cannot be played: export it again from your recorder.', {
    detail,
  });
}

function silent(detail: string): TalkingPhotoError {
  return new TalkingPhotoError('AUDIO_SILENT', 'The recording is silent: check that the right microphone was selected, then record again.', { detail });
}

function tooLong(seconds: number): TalkingPhotoError {
  return new TalkingPhotoError('AUDIO_TOO_LONG', `The recording is ${Math.round(seconds)} seconds long; the most is ${MAX_VOICE_SECONDS} seconds. Trim it or split it into several videos.`);
}

async function checkFile(file: string): Promise<void> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
    size = info.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new TalkingPhotoError('FILE_NOT_FOUND', 'The recording could not be found: pick the file again.', { cause: error });
    }
    throw new TalkingPhotoError('FILE_UNREADABLE', 'The recording could not be read: check that you may open it, then pick it again.', {
      cause: error,
    });
  }
  if (size === 0) throw new TalkingPhotoError('FILE_EMPTY', 'The recording file is empty: export it again from your recorder.');
  if (size > MAX_AUDIO_BYTES) {
    throw new TalkingPhotoError('FILE_TOO_LARGE', `The recording is ${Math.round(size / 1024 / 1024)} MB; the most is ${MAX_AUDIO_BYTES / 1024 / 1024} MB. Export it as M4A or MP3, or trim it.`);
  }
}

/**
 * A file ffprobe cannot read is "damaged" when its first bytes say it is a media
 * container (a truncated M4A, a WAV with a broken header) and "not audio" otherwise.
 */
async function unreadable(file: string, detail: string): Promise<TalkingPhotoError> {
  const type = await fileTypeFromFile(file).catch(() => undefined);
  const media = type !== undefined && (type.mime.startsWith('audio/') || type.mime.startsWith('video/'));
  return media ? corrupt(detail) : notAudio(detail);
}

async function probeAudio(file: string, signal: AbortSignal | undefined): Promise<ProbeResult> {
  let probed: ProbeResult;
  try {
    probed = await probeMedia(file, { signal });
  } catch (error) {
    if (isTalkingPhotoError(error)) throw error;
    throw await unreadable(file, error instanceof Error ? error.message : String(error));
  }
  const containers = probed.formatName.split(',');
  if (!probed.streams.some((s) => s.codecType === 'audio')) throw notAudio(`no audio stream in ${probed.formatName}`);
  if (!containers.some((c) => AUDIO_CONTAINERS.has(c))) throw notAudio(`container ${probed.formatName} is not accepted`);
  return probed;
}

/** The take decoded and measured, or the sentence that refuses it: undecodable, too long, too short or silent. */
async function decodeTake(file: string, signal: AbortSignal | undefined, maxSeconds: number): Promise<{ samples: Float32Array; measured: LoudnessMeasurement }> {
  let samples;
  try {
    samples = await decodeVoice(file, { signal, maxSeconds });
  } catch (error) {
    if (isTalkingPhotoError(error)) throw error;
    throw corrupt(error instanceof Error ? error.message : String(error));
  }
  const measured = measureVoice(samples);
  if (measured.durationS === 0) throw corrupt('no audio samples could be decoded');
  if (measured.durationS > MAX_VOICE_SECONDS + 0.5) throw tooLong(measured.durationS);
  if (measured.durationS < MIN_VOICE_SECONDS) {
    throw new TalkingPhotoError('AUDIO_TOO_SHORT', 'The recording is shorter than half a second: record a little more.');
  }
  if (measured.peakDbfs < SILENT_PEAK_DBFS || !Number.isFinite(measured.inputI)) {
    throw silent(`peak ${measured.peakDbfs} dBFS, loudness ${measured.inputI} LUFS`);
  }
  return { samples, measured };
}

export async function loadRecording(input: RecordingRequest): Promise<RecordingVoice> {
  const file = path.resolve(input.file);
  await checkFile(file);
  const probed = await probeAudio(file, input.signal);
  const audio = probed.streams.find((s) => s.codecType === 'audio');
  const declaredS = Math.max(probed.durationS, audio?.durationS ?? 0);
  // Refuse early on the header's word; decoding stops just past the limit regardless,
  // since a WebM from a browser recorder has no duration in its header.
  if (declaredS > MAX_VOICE_SECONDS + 0.5) throw tooLong(declaredS);
  const maxSeconds = MAX_VOICE_SECONDS + 1;

  mkdirSync(input.workDir, { recursive: true });
  // One decode feeds everything: the take's checks, the cleanup, both normalisations.
  const take = await decodeTake(file, input.signal, maxSeconds);
  const cleaned = input.cleanup ? await cleanTake(take.samples, input.signal) : undefined;
  // Turns for the rest of the event loop between the long in-memory steps: a render's
  // photo threads (face, enhance) are handed their next step only in such a turn.
  await nextTurn();
  const normalize = (samples: Float32Array, measured: LoudnessMeasurement, outputPath: string | undefined, analysis: boolean) =>
    normalizeVoiceSamples({ samples, measured, outputPath, analysis, signal: input.signal });
  // The mouth is timed from the take as recorded: on real talking clips the cleaned
  // take's loudness followed the speaker's mouth less well (LivePortrait d10: r −0.08
  // against 0.38; mean of seven clips 0.26 against 0.38, tests/measure/real-clips.ts).
  // Only the Create form's "before" needs it written.
  const normalized = await normalize(cleaned?.samples ?? take.samples, cleaned?.measured ?? take.measured, path.join(input.workDir, 'voice.wav'), !cleaned);
  const asRecorded = cleaned ? await normalize(take.samples, take.measured, input.rawPreviewPath, true) : undefined;
  // Uncleaned, the take as recorded is the very voice just written.
  if (!cleaned && input.rawPreviewPath) await copyFile(normalized.audioPath!, input.rawPreviewPath);
  // Both come from the same decode of the same file: the same length, sample for sample.
  const samples = asRecorded ? asRecorded.samples16k : normalized.samples16k;
  if (detectSpeechSegments(samples, 16000).length === 0) throw silent('no speech segments after normalisation');
  await nextTurn();
  if (input.signal?.aborted) throw cancelled();
  const { words, phones } = await timePhones(input, samples, normalized.durationS);
  return {
    audioPath: normalized.audioPath!,
    sampleRate: 48000,
    analysis: { sampleRate: 16000, samples },
    durationS: normalized.durationS,
    words,
    phones,
    source: 'recording',
    engine: { name: 'recording' },
    loudness: {
      inputLufs: Math.round(take.measured.inputI * 10) / 10,
      // The −1 dBTP rule's turn-down, if any, is already in both figures. The true peak to a
      // hundredth: ebur128 prints tenths, and a reading on a rounding edge should not jump a step.
      ...(normalized.outputLufs !== undefined ? { outputLufs: normalized.outputLufs } : {}),
      ...(normalized.truePeakDbtp !== undefined ? { truePeakDbtp: Math.round(normalized.truePeakDbtp * 100) / 100 } : {}),
    },
    ...(cleaned ? { cleanup: cleaned.report } : {}),
  };
}

/**
 * RNNoise's own voice detector heard speech in 66–88 % of the noisy test takes' 10 ms
 * frames and in none of 3 s of pink or brown room noise.
 */
const MIN_CLEANED_SPEECH_SHARE = 0.02;

/**
 * The take cleaned, and its loudness for the normaliser. A take in which RNNoise hears
 * no speech is normalised as recorded, and the speech check after judges it as it would
 * have anyway: what is left of steady noise after suppression comes in bursts, which the
 * normaliser would lift to speech level.
 */
async function cleanTake(decoded: Float32Array, signal: AbortSignal | undefined): Promise<{ samples: Float32Array; measured: LoudnessMeasurement; report: CleanupReport } | undefined> {
  const { samples, report } = await cleanDecodedVoice(decoded, signal);
  const measured = measureVoice(samples);
  if (report.speechShare < MIN_CLEANED_SPEECH_SHARE || !Number.isFinite(measured.inputI) || measured.peakDbfs < SILENT_PEAK_DBFS) return undefined;
  return { samples, measured, report };
}

const UNALIGNABLE = new Set(['SCRIPT_EMPTY', 'SCRIPT_NOT_SPEAKABLE', 'SCRIPT_TOO_LONG', 'SPEECH_TOO_LONG']);

async function timePhones(input: RecordingRequest, samples: Float32Array, durationS: number): Promise<{ words: VoiceWord[]; phones: PhoneTimeline }> {
  const transcript = input.transcript?.trim();
  if (transcript) {
    try {
      return await alignTranscript({
        samples,
        sampleRate: 16000,
        durationS,
        transcript,
        language: input.language ?? 'en',
        voice: input.voice,
        workDir: input.workDir,
        signal: input.signal,
      });
    } catch (error) {
      // Words eSpeak cannot speak (symbols only, or far longer than the recording allows)
      // cannot be aligned: the phones then come from the audio alone, as without words.
      if (!isTalkingPhotoError(error) || !UNALIGNABLE.has(error.code)) throw error;
    }
  }
  return { words: [], phones: estimatePhones(samples, 16000, espeakTemplates(), durationS) };
}
