import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { LanguageCode } from '../../../src-shared/limits.js';
import type { PhoneTimeline, TimedPhone } from './phone-timeline.js';
import { CEPSTRA, speechFeatures, type SpeechFeatures } from './speech-features.js';
import { rowToColumn, warpPath, type FeatureSequence } from './time-warp.js';
import { speakScript } from './tts.js';
import type { VoiceWord } from './voice.js';

/**
 * Forced alignment of a transcript to a recording (the creator's own, or a cloud voice's):
 * eSpeak speaks the transcript, whose phones and words it times exactly; dynamic time
 * warping over MFCC-like features matches that reference to the recording frame by frame;
 * every phone and word time is carried through the match. The approach Echogarden
 * documents for its DTW aligner; our own code.
 */

export interface AlignmentRequest {
  /** The recording, mono (the Voice's 16 kHz analysis copy). */
  samples: Float32Array;
  sampleRate: number;
  durationS: number;
  transcript: string;
  language: LanguageCode;
  /** An eSpeak voice id of the language, when the speaker's sex is known (closer spectra). */
  voice?: string;
  /** A scratch folder is made and removed inside it. */
  workDir: string;
  signal?: AbortSignal;
}

export interface Alignment {
  words: VoiceWord[];
  phones: PhoneTimeline;
}

function sequence(features: SpeechFeatures): FeatureSequence {
  return { data: features.mfcc, frames: features.frames, dims: CEPSTRA };
}

/**
 * Maps times in the reference to times in the recording. Frame k of either file starts at
 * k × its hop; between frames the map is linear.
 */
export function timeMap(reference: SpeechFeatures, recording: SpeechFeatures, durationS: number): (t: number) => number {
  const map = rowToColumn(warpPath(sequence(reference), sequence(recording)), reference.frames);
  return (t: number): number => {
    const x = Math.min(Math.max(0, t / reference.hopS), reference.frames - 1);
    const i = Math.floor(x);
    const next = Math.min(i + 1, reference.frames - 1);
    const column = map[i]! + (map[next]! - map[i]!) * (x - i);
    return Math.min(durationS, Math.max(0, column * recording.hopS));
  };
}

/** Carries a timed reference (eSpeak's phones and words) onto the recording through `map`. */
export function carryTimes(phones: readonly TimedPhone[], words: readonly VoiceWord[], map: (t: number) => number): Alignment {
  const carried: TimedPhone[] = [];
  for (const phone of phones) {
    const startS = Math.max(map(phone.startS), carried.at(-1)?.endS ?? 0);
    const endS = map(phone.endS);
    // A phone the warp squeezed to nothing is dropped: the mouth cannot show it anyway.
    if (endS > startS) carried.push({ ...phone, startS: round(startS), endS: round(endS) });
  }
  const timedWords: VoiceWord[] = [];
  for (const word of words) {
    const startS = Math.max(map(word.startS), timedWords.at(-1)?.endS ?? 0);
    timedWords.push({ text: word.text, startS: round(startS), endS: round(Math.max(startS, map(word.endS))) });
  }
  return { words: timedWords, phones: { phones: carried, method: 'aligned' } };
}

export async function alignTranscript(request: AlignmentRequest): Promise<Alignment> {
  const scratch = mkdtempSync(path.join(request.workDir, 'align-'));
  try {
    const reference = await speakScript({ text: request.transcript, language: request.language, voice: request.voice, signal: request.signal }, scratch);
    const map = timeMap(speechFeatures(reference.pcm.samples, reference.pcm.sampleRate), speechFeatures(request.samples, request.sampleRate), request.durationS);
    return carryTimes(reference.phones, reference.words, map);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/**
 * The same phones pointed at another word list over the same audio (a cloud voice's own
 * word times): each phone belongs to the word heard at its middle, or to none.
 */
export function phonesOnWords(timeline: PhoneTimeline, words: readonly VoiceWord[]): PhoneTimeline {
  const phones = timeline.phones.map(({ word: _previous, ...phone }) => {
    const middle = (phone.startS + phone.endS) / 2;
    const k = words.findIndex((w) => w.startS <= middle && middle < w.endS);
    return k === -1 ? phone : { ...phone, word: k };
  });
  return { ...timeline, phones };
}
