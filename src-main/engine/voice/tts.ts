import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { MAX_VOICE_SECONDS, type LanguageCode } from '../../../src-shared/limits.js';
import { measureVoice, normalizeVoiceSamples, VOICE_SAMPLE_RATE } from './audio-normalize.js';
import { assignPhonesToWords, clauseTiming, fillWordTimes, letterWeight } from './espeak-phones.js';
import { runEspeak, type EspeakEvent, type EspeakJob } from './espeak-process.js';
import { parseWav, voicedRange, type Pcm16 } from './pcm.js';
import { resample } from './resample.js';
import { cleanScript, splitClauses, type ClauseBreak, type ScriptClause } from './script-text.js';
import { spokenClauses } from './spoken-text.js';
import { resolveVoice, type VoiceInfo } from './voice-catalog.js';
import type { TimedPhone } from './phone-timeline.js';
import type { Voice, VoiceWord } from './voice.js';

/**
 * Offline text-to-speech: the script is cut into clauses, eSpeak NG speaks each clause
 * in its own run (in a separate process), and we join the clauses with our own pauses,
 * so we know where every clause sits in the audio. eSpeak's own phoneme and word events
 * time every phone and word inside its clause exactly.
 */

export interface SpeechRequest {
  text: string;
  language: LanguageCode;
  /** A voice id from listVoices(language); the language's default when absent. */
  voice?: string;
  /** Where voice.wav is written; a scratch folder inside it is removed afterwards. */
  workDir: string;
  signal?: AbortSignal;
  /** Words per minute, eSpeak's 80–450 (its default is 175). */
  rate?: number;
  /** eSpeak pitch 0–99 (default 50). */
  pitch?: number;
  /** 0–100 and a sentence for the creator. */
  onProgress?: (percent: number, message: string) => void;
}

/**
 * Pauses between clauses, in seconds. Read-aloud speech runs ~0.1–0.2 s at a comma and
 * ~0.3–0.5 s at a full stop (Goldman-Eisler's pause studies); we take the short end
 * because social video is paced fast.
 */
const PAUSE_S: Record<ClauseBreak, number> = { comma: 0.12, sentence: 0.35, paragraph: 0.6, end: 0 };
/** Silence before the first word and after the last, so the face settles before and after speaking. */
const LEAD_IN_S = 0.15;
const TAIL_S = 0.3;
/** A generous ceiling on top of the measured ~40–100 ms per clause. */
const WORKER_BASE_TIMEOUT_MS = 30_000;
const WORKER_PER_CLAUSE_TIMEOUT_MS = 1_000;

const ESPEAK_LICENSE = 'GPL-3.0-or-later';

function checkRange(value: number | undefined, lo: number, hi: number, what: string): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < lo || value > hi) {
    throw new TalkingPhotoError('BAD_OPTION', `The ${what} must be a whole number from ${lo} to ${hi}.`);
  }
}

export interface SpokenClause {
  pcm: Pcm16;
  range: { start: number; end: number } | undefined;
  /** The clause exactly as eSpeak read it (its events' positions point into this). */
  sent: string;
  /** The stretch of `sent` that says each caption word (a Japanese reading, a number in words). */
  sentWords?: readonly string[];
  events: EspeakEvent[];
}

export interface Assembled {
  pcm: Pcm16;
  words: VoiceWord[];
  phones: TimedPhone[];
}

/**
 * Joins the clause WAVs with our pauses and places each clause's phones and words,
 * timed by eSpeak, at the clause's place in the joined audio.
 */
export function assemble(clauses: readonly ScriptClause[], spoken: readonly SpokenClause[]): Assembled {
  const parts: Int16Array[] = [];
  const words: VoiceWord[] = [];
  const phones: TimedPhone[] = [];
  let sampleRate = 0;
  let cursor = 0;
  const silence = (seconds: number): void => {
    const n = Math.round(seconds * sampleRate);
    if (n > 0) parts.push(new Int16Array(n));
    cursor += n;
  };
  for (const [index, clause] of clauses.entries()) {
    const result = spoken[index];
    if (!result) throw new Error(`eSpeak returned no audio for clause ${index}`);
    const { pcm, range } = result;
    if (sampleRate === 0) {
      sampleRate = pcm.sampleRate;
      silence(LEAD_IN_S);
    } else if (pcm.sampleRate !== sampleRate) {
      throw new Error(`eSpeak clauses differ in sample rate: ${pcm.sampleRate} vs ${sampleRate}`);
    }
    // A clause eSpeak rendered silent (e.g. a lone symbol it does not read) has no words to time.
    if (!range) continue;
    const start = cursor;
    const voiced = pcm.samples.subarray(range.start, range.end);
    parts.push(voiced);
    cursor += voiced.length;
    const startS = start / sampleRate;
    const endS = cursor / sampleRate;
    // Clause time → joined time: the clause's leading silence was cut off.
    const place = (t: number): number => Math.min(endS, Math.max(startS, startS + t - range.start / sampleRate));
    const timing = clauseTiming(result.sent, result.sentWords ?? clause.words, result.events, pcm.samples.length / sampleRate);
    const firstWord = words.length;
    const placed = timing.phones.map((phone) => ({ ...phone, startS: place(phone.startS), endS: place(phone.endS), word: firstWord + (phone.word ?? 0) })).filter((phone) => phone.endS > phone.startS);
    const spans = timing.words.map((span) => (span ? { startS: place(span.startS), endS: place(span.endS) } : undefined));
    const clauseWords = fillWordTimes(clause.words, spans, startS, endS, letterWeight);
    assignPhonesToWords(placed, clauseWords, firstWord);
    phones.push(...placed);
    words.push(...clauseWords);
    silence(PAUSE_S[clause.breakAfter]);
  }
  if (sampleRate === 0 || words.length === 0) {
    throw new TalkingPhotoError('SCRIPT_NOT_SPEAKABLE', 'The offline voice found nothing it can pronounce in this script: check the language, or use your own recording.');
  }
  silence(TAIL_S);
  const samples = new Int16Array(cursor);
  let offset = 0;
  for (const part of parts) {
    samples.set(part, offset);
    offset += part.length;
  }
  return { pcm: { sampleRate, samples }, words, phones };
}

function speechTooLong(seconds: number, partial: boolean): TalkingPhotoError {
  const amount = partial ? `more than ${MAX_VOICE_SECONDS}` : `about ${Math.round(seconds)}`;
  return new TalkingPhotoError('SPEECH_TOO_LONG', `The script takes ${amount} seconds to speak; the most is ${MAX_VOICE_SECONDS} seconds. Shorten the script or split it into several videos.`);
}

/**
 * Every check on a script that needs no synthesis, so a front door can refuse a bad
 * script before any photo is decoded or face analysed.
 */
export function checkScript(input: Pick<SpeechRequest, 'text' | 'language' | 'voice'>): { voice: VoiceInfo; clauses: ScriptClause[] } {
  const voice = resolveVoice(input.language, input.voice);
  const clauses = splitClauses(cleanScript(input.text), voice.language);
  if (clauses.length === 0) {
    throw new TalkingPhotoError('SCRIPT_NOT_SPEAKABLE', 'The script has no words to speak: type a sentence in letters.');
  }
  return { voice, clauses };
}

export interface SpokenScript extends Assembled {
  version?: string;
  voice: VoiceInfo;
}

/**
 * Speaks a script with eSpeak into raw PCM (eSpeak's 22.05 kHz), its words and phones
 * timed: the first half of synthesizeSpeech, and the reference forced alignment
 * matches a recording against. `scratch` holds the clause WAVs while they are read.
 */
export async function speakScript(
  input: Omit<SpeechRequest, 'workDir' | 'onProgress'>,
  scratch: string,
  progress: (percent: number, message: string) => void = () => undefined,
): Promise<SpokenScript> {
  const { voice, clauses } = checkScript(input);
  const sent = await spokenClauses(clauses, voice);
  const job: EspeakJob = {
    outDir: path.resolve(scratch),
    voice: voice.engineVoice,
    rate: input.rate,
    pitch: input.pitch,
    clauses: sent.map(({ text, ssml }) => (ssml ? { text, ssml } : { text })),
  };
  const spoken: SpokenClause[] = [];
  let voicedS = 0;
  let count = 0;
  const run = await runEspeak(job, {
    signal: input.signal,
    timeoutMs: WORKER_BASE_TIMEOUT_MS + WORKER_PER_CLAUSE_TIMEOUT_MS * clauses.length,
    onClause: (clause) => {
      const pcm = parseWav(readFileSync(clause.wav));
      const range = voicedRange(pcm);
      spoken[clause.index] = { pcm, range, sent: sent[clause.index]?.text ?? '', sentWords: sent[clause.index]?.words, events: clause.events };
      voicedS += range ? (range.end - range.start) / pcm.sampleRate : 0;
      // The voiced time alone is a lower bound of the result: stop as soon as it is too long.
      if (voicedS > MAX_VOICE_SECONDS) throw speechTooLong(voicedS, true);
      count += 1;
      progress(Math.round((70 * count) / clauses.length), `Speaking the script (${count} of ${clauses.length})`);
    },
  });
  return { ...assemble(clauses, spoken), version: run.version, voice };
}

function floatsOf(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i += 1) out[i] = samples[i]! / 32768;
  return out;
}

export async function synthesizeSpeech(input: SpeechRequest): Promise<Voice> {
  checkRange(input.rate, 80, 450, 'speaking rate');
  checkRange(input.pitch, 0, 99, 'voice pitch');
  checkScript(input);
  const progress = input.onProgress ?? (() => undefined);
  progress(0, 'Starting the offline voice');

  mkdirSync(input.workDir, { recursive: true });
  const scratch = mkdtempSync(path.join(input.workDir, 'tts-'));
  try {
    const { pcm, words, phones, version, voice } = await speakScript(input, scratch, progress);
    const spokenS = pcm.samples.length / pcm.sampleRate;
    if (spokenS > MAX_VOICE_SECONDS) throw speechTooLong(spokenS, false);
    progress(75, 'Balancing the loudness');
    // eSpeak's speech is already in memory: to 48 kHz floats, measured and shaped there.
    const speech = resample(floatsOf(pcm.samples), pcm.sampleRate, VOICE_SAMPLE_RATE);
    const measured = measureVoice(speech);
    const normalized = await normalizeVoiceSamples({ samples: speech, measured, outputPath: path.join(input.workDir, 'voice.wav'), signal: input.signal });
    progress(100, 'Voice ready');
    const durationS = normalized.durationS;
    return {
      audioPath: normalized.audioPath!,
      sampleRate: 48000,
      analysis: { sampleRate: 16000, samples: normalized.samples16k },
      durationS,
      // Resampling can shorten the file by a sample or two; keep every word inside it.
      words: words.map((w) => ({ text: w.text, startS: Math.min(w.startS, durationS), endS: Math.min(w.endS, durationS) })),
      phones: {
        phones: phones.filter((p) => p.startS < durationS).map((p) => ({ ...p, endS: Math.min(p.endS, durationS) })),
        method: 'synthesizer',
      },
      source: 'tts',
      engine: { name: 'espeak-ng', version, voice: voice.id, license: ESPEAK_LICENSE },
      loudness: {
        inputLufs: Number.isFinite(measured.inputI) ? Math.round(measured.inputI * 10) / 10 : undefined,
        outputLufs: normalized.outputLufs,
        ...(normalized.truePeakDbtp !== undefined ? { truePeakDbtp: Math.round(normalized.truePeakDbtp * 100) / 100 } : {}),
      },
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
