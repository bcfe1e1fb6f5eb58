import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CLASS_PHONE, classOfPhone, PHONE_CLASSES, type PhoneClass } from './phone-classes.js';
import type { PhoneTimeline, TimedPhone } from './phone-timeline.js';
import { closureCues, type ClosureCues } from './closure-cues.js';
import { ESPEAK_PHONE_TEMPLATES, type PhoneTemplateTable } from './espeak-phone-templates.js';
import { CEPSTRA, speechFeatures, type SpeechFeatures } from './speech-features.js';
import { speakScript } from './tts.js';

/**
 * Phone classes from the audio alone, for a recording given without its words: each
 * 10 ms frame is matched against templates of eSpeak-synthesized phones (closure, open,
 * rounded, spread, fricative, other), silence comes from loudness, and a short gap
 * inside speech is a closure (the lips or tongue shut before a stop). Good enough for
 * the mouth to shut, open and round at the right moments; not a recogniser.
 */

/**
 * Spoken by eSpeak to learn what each class sounds like: rich in p/b/m, open a/ɑ/æ,
 * rounded u/o/w and spread i/e, in a male and a female voice.
 */
const CALIBRATION_TEXT =
  'Bob and Pam bought a map. Mom may buy more moped parts. Who knew you would move to the blue room? ' +
  'Oh no, go slowly, Joe. We see three green trees, she said. Keep the key. Father saw a large dark car far away. ' +
  'Fish and chips, six big ships. Wait, what was that? A bad cat sat on a mat.';
// en-us+f3 is left out: its breath noise is random, which made the templates (and so the
// labels) differ from one process to the next.
const CALIBRATION_VOICES = ['en-us', 'en-gb+f4'] as const;

/** Frames quieter than this under the recording's loud level (95th percentile) are silence. */
const SILENCE_BELOW_LOUD_DB = 32;
/** ...and anything under this is silence however quiet the file (speech-segments' floor). */
const ABSOLUTE_SILENCE_DB = -55;
/** A gap inside speech shorter than this is a closure before a stop, not a pause. */
const MAX_CLOSURE_S = 0.22;
/** Shorter runs are merged into a neighbour: no mouth shape lasts under 30 ms. */
const MIN_RUN_FRAMES = 3;
/**
 * A closure's dip: eSpeak's and people's /m/ and voiced stops sit 10–25 dB under the
 * vowels beside them, within about a syllable's half (measured on eSpeak's English).
 */
const VALLEY_DEPTH_DB = 10;
const VALLEY_REACH_S = 0.12;
/**
 * A frame the templates call rounded (low F2, weak highs: /u/, /w/, but also a nasal's
 * murmur, which eSpeak's /m/ makes only 3–8 dB under its vowels) is a closure when it dips
 * this far under the loudest frames on both sides: a vowel is its syllable's loud peak, a
 * murmur the trough between two. On eSpeak passages other than the templates' (seven
 * voices and passages, tests/measure/closure-detection.ts) p/b/m found went from 49 to 59
 * of 88, the closure runs lying on a p/b/m from 55 % to 57 %, the closed share of speech
 * 0.15 → 0.16 against a true 0.17; 4 dB found 62 but closed more than is shut.
 */
const ROUNDED_VALLEY_DEPTH_DB = 5;
/**
 * A closure (a nasal's murmur, a voiced stop's voice bar) is at least this far under the
 * loud frames. Without this rule a human voice's quieter vowels matched eSpeak's /m/: 30 %
 * of a real speaker's speech frames came out closed (speech-dispatcher's recorded
 * message); with it 18 %, against 14 % on eSpeak speech whose true share is 16 %.
 */
const CLOSURE_BELOW_LOUD_DB = 6;
/**
 * A lip or tongue closure's murmur (/m/, /n/, and /b/'s voice bar): the sound comes out of
 * the nose or through the cheeks, so the band under 500 Hz carries nearly all of it and the
 * band above 2.5 kHz lies far under it. Measured on eSpeak passages with known phones
 * (tests/measure/closure-detection.ts): highs under the low band by a median 22 dB on /m/
 * and /n/ (37 on /b/), against 6–14 on vowels (8 on /i/ /e/, 14 on /u/ /o/, whose low F1
 * also fills the low band); and the low band holds all but 5–6 dB of a murmur's energy.
 */
const MURMUR_HIGHS_UNDER_LOW_DB = 18;
const MURMUR_LOW_WITHIN_DB = 8;
/**
 * ...and it is a dip: this far under the loudest frames within MURMUR_REACH_S on both
 * sides that are not murmurs themselves (an /m/ after an /n/ is judged against the vowels,
 * not the /n/). A syllable's reach: eSpeak's "meet me" has its /m/ as loud as the end of
 * the /i/ before it, 120 ms on; the vowel's nucleus lies further back.
 */
const MURMUR_DIP_DB = 3;
const MURMUR_REACH_S = 0.2;
/**
 * How likely a closure run is a p, b or m, which is how far the mouth presses it
 * (TimedPhone.confidence): heard as a murmur or a lip release, and neither (a silent gap
 * or a dip only). On eSpeak passages with known phones (tests/measure/closure-detection.ts)
 * 59 of 94 runs with a murmur or lip release lie on a p/b/m, and 64 of the 88 p/b/m have
 * one (all closure runs: 64 of 120 on a p/b/m, most of the rest t/d/k/n). On the real clips' calibration half (tests/measure/real-clips.ts,
 * drawn mouth against the real one) pressing the likely ones fully cost 0.02 of mean r
 * against 0.75, and pressing the others at all (0.4 before) cost the check half 0.02.
 */
export const LABIAL_CLOSURE_CONFIDENCE = 0.75;
export const GUESSED_CLOSURE_CONFIDENCE = 0;
/** The relative-energy dimension's weight against the cepstra. */
const ENERGY_WEIGHT = 1.5;

const SPEECH_CLASSES = PHONE_CLASSES.filter((c) => c !== 'silence');

export interface ClassTemplates {
  means: Map<PhoneClass, Float64Array>;
  /** Pooled per-dimension spread, to weigh each dimension alike. */
  scale: Float64Array;
}

const DIMS = CEPSTRA; // c1…c12 plus relative energy

/** Per-frame vectors: c1…c12 and energy relative to the loud level, in units of 10 dB. */
function frameVectors(features: SpeechFeatures): { vectors: Float64Array; relativeDb: Float64Array } {
  const sorted = Float64Array.from(features.energyDb).sort();
  const loud = sorted[Math.floor(0.95 * Math.max(0, sorted.length - 1))] ?? 0;
  const vectors = new Float64Array(features.frames * DIMS);
  const relativeDb = new Float64Array(features.frames);
  for (let f = 0; f < features.frames; f += 1) {
    for (let c = 1; c < CEPSTRA; c += 1) vectors[f * DIMS + c - 1] = features.mfcc[f * CEPSTRA + c]!;
    relativeDb[f] = features.energyDb[f]! - loud;
    vectors[f * DIMS + DIMS - 1] = (relativeDb[f]! / 10) * ENERGY_WEIGHT;
  }
  return { vectors, relativeDb };
}

/** Class templates from audio whose phones are known (eSpeak's own timeline). */
export function learnTemplates(examples: ReadonlyArray<{ samples: Int16Array | Float32Array; sampleRate: number; phones: readonly TimedPhone[] }>): ClassTemplates {
  const sums = new Map<PhoneClass, { sum: Float64Array; count: number }>(SPEECH_CLASSES.map((c) => [c, { sum: new Float64Array(DIMS), count: 0 }]));
  const all: number[][] = Array.from({ length: DIMS }, () => []);
  for (const example of examples) {
    const features = speechFeatures(example.samples, example.sampleRate);
    const { vectors } = frameVectors(features);
    for (const phone of example.phones) {
      const cls = classOfPhone(phone.ipa);
      const entry = sums.get(cls);
      if (!entry) continue;
      // The middle of the phone: its edges are the neighbours' transitions.
      const from = Math.ceil((phone.startS + 0.25 * (phone.endS - phone.startS)) / features.hopS);
      const to = Math.floor((phone.endS - 0.25 * (phone.endS - phone.startS)) / features.hopS);
      for (let f = Math.max(0, from); f <= Math.min(features.frames - 1, to); f += 1) {
        for (let d = 0; d < DIMS; d += 1) {
          entry.sum[d] = entry.sum[d]! + vectors[f * DIMS + d]!;
          all[d]!.push(vectors[f * DIMS + d]!);
        }
        entry.count += 1;
      }
    }
  }
  const means = new Map<PhoneClass, Float64Array>();
  for (const [cls, entry] of sums)
    if (entry.count > 0)
      means.set(
        cls,
        entry.sum.map((v) => v / entry.count),
      );
  const scale = Float64Array.from(all, (values) => {
    const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
    return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length)) || 1;
  });
  return { means, scale };
}

/**
 * Learns the class templates from eSpeak's own voices speaking the calibration text (about
 * 1.5 s of CPU). Renders never call this: they use the table learned once and committed
 * (espeak-phone-templates.ts, written by tests/measure/phone-templates.ts), and a test
 * checks that learning again still gives that table.
 */
export async function learnEspeakTemplates(workDir: string, signal?: AbortSignal): Promise<ClassTemplates> {
  const scratch = mkdtempSync(path.join(workDir, 'phone-templates-'));
  try {
    const examples = [];
    for (const voice of CALIBRATION_VOICES) {
      const spoken = await speakScript({ text: CALIBRATION_TEXT, language: 'en', voice, signal }, scratch);
      examples.push({ samples: spoken.pcm.samples, sampleRate: spoken.pcm.sampleRate, phones: spoken.phones });
    }
    return learnTemplates(examples);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The templates as plain numbers, the form the committed table is written in. */
export function templatesToTable(templates: ClassTemplates): PhoneTemplateTable {
  return {
    means: Object.fromEntries([...templates.means].map(([cls, mean]) => [cls, Array.from(mean)])) as PhoneTemplateTable['means'],
    scale: Array.from(templates.scale),
  };
}

const committed: ClassTemplates = {
  means: new Map(Object.entries(ESPEAK_PHONE_TEMPLATES.means).map(([cls, mean]) => [cls as PhoneClass, Float64Array.from(mean)])),
  scale: Float64Array.from(ESPEAK_PHONE_TEMPLATES.scale),
};

/** The templates every recording without words is classified with (learned from eSpeak once, committed). */
export function espeakTemplates(): ClassTemplates {
  return committed;
}

/** The class of every 10 ms frame. */
export function classifyFrames(
  samples: Float32Array,
  sampleRate: number,
  templates: ClassTemplates,
): { classes: PhoneClass[]; hopS: number; relativeDb: Float64Array; murmur: Uint8Array; cues: ClosureCues } {
  const features = speechFeatures(samples, sampleRate);
  const cues = closureCues(samples, sampleRate);
  const { vectors, relativeDb } = frameVectors(features);
  const classes: PhoneClass[] = [];
  for (let f = 0; f < features.frames; f += 1) {
    if (relativeDb[f]! < -SILENCE_BELOW_LOUD_DB || features.energyDb[f]! < ABSOLUTE_SILENCE_DB) {
      classes.push('silence');
      continue;
    }
    let best: PhoneClass = 'other';
    let bestDistance = Infinity;
    for (const [cls, mean] of templates.means) {
      // Lips shut let little sound out: a loud frame is never a closure, whatever its colour.
      if (cls === 'closure' && relativeDb[f]! > -CLOSURE_BELOW_LOUD_DB) continue;
      let distance = 0;
      for (let d = 0; d < DIMS; d += 1) distance += ((vectors[f * DIMS + d]! - mean[d]!) / templates.scale[d]!) ** 2;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = cls;
      }
    }
    classes.push(best);
  }
  markValleys(classes, relativeDb, features.hopS);
  const murmur = murmurFrames(classes, cues, relativeDb, features.hopS);
  for (let f = 0; f < classes.length; f += 1) if (murmur[f]) classes[f] = 'closure';
  return { classes: smooth(closeShortGaps(classes, features.hopS)), hopS: features.hopS, relativeDb, murmur, cues };
}

/**
 * A frame well below the loudest frames on both sides of it (within ~VALLEY_REACH_S) is
 * the dip of a consonant between vowels: with the lips or tongue shut (p b m, t d n),
 * the sound drops; a murmur heard as a rounded vowel needs a shallower dip. Fricatives
 * stay what they are: their noise is their own class.
 */
function markValleys(classes: PhoneClass[], relativeDb: Float64Array, hopS: number): void {
  const reach = Math.round(VALLEY_REACH_S / hopS);
  for (let f = 0; f < classes.length; f += 1) {
    if (classes[f] === 'silence' || classes[f] === 'fricative') continue;
    let left = -Infinity;
    let right = -Infinity;
    for (let k = Math.max(0, f - reach); k < f; k += 1) left = Math.max(left, relativeDb[k]!);
    for (let k = f + 1; k <= Math.min(classes.length - 1, f + reach); k += 1) right = Math.max(right, relativeDb[k]!);
    const depth = classes[f] === 'rounded' ? ROUNDED_VALLEY_DEPTH_DB : VALLEY_DEPTH_DB;
    if (relativeDb[f]! < Math.min(left, right) - depth) classes[f] = 'closure';
  }
}

/** Frames whose spectrum is a closure's murmur (see MURMUR_*), in a dip between louder sounds that are not. */
function murmurFrames(classes: readonly PhoneClass[], cues: ClosureCues, relativeDb: Float64Array, hopS: number): Uint8Array {
  const n = Math.min(classes.length, cues.energyDb.length);
  const out = new Uint8Array(classes.length);
  const spectrum = new Uint8Array(n);
  for (let f = 0; f < n; f += 1) {
    if (classes[f] === 'silence' || classes[f] === 'fricative') continue;
    const low = cues.lowDb[f]!;
    if (cues.highDb[f]! <= low - MURMUR_HIGHS_UNDER_LOW_DB && low >= cues.energyDb[f]! - MURMUR_LOW_WITHIN_DB) spectrum[f] = 1;
  }
  const reach = Math.round(MURMUR_REACH_S / hopS);
  for (let f = 0; f < n; f += 1) {
    if (!spectrum[f]) continue;
    let left = -Infinity;
    let right = -Infinity;
    for (let k = Math.max(0, f - reach); k < f; k += 1) if (!spectrum[k]) left = Math.max(left, relativeDb[k]!);
    for (let k = f + 1; k <= Math.min(n - 1, f + reach); k += 1) if (!spectrum[k]) right = Math.max(right, relativeDb[k]!);
    if (relativeDb[f]! < Math.min(left, right) - MURMUR_DIP_DB) out[f] = 1;
  }
  return out;
}

/**
 * A stop released from the lips: the sound comes back with a burst at least
 * RELEASE_RISE_DB over the closure within RELEASE_FRAMES, and the burst's highs stay under
 * its lows (a labial burst is weak and flat or falling; t's and k's, released behind the
 * teeth, hiss, their highs over their lows: +4 to +11 dB on eSpeak's, −3 to −13 on its p).
 */
const RELEASE_FRAMES = 3;
const RELEASE_RISE_DB = 10;
const LABIAL_RELEASE_HIGHS_DB = -2;

function labialRelease(cues: ClosureCues, start: number, end: number): boolean {
  let closed = Infinity;
  for (let f = start; f < end && f < cues.energyDb.length; f += 1) closed = Math.min(closed, cues.energyDb[f]!);
  let rise = -Infinity;
  let highs = -Infinity;
  for (let f = end; f < Math.min(cues.energyDb.length, end + RELEASE_FRAMES); f += 1) {
    rise = Math.max(rise, cues.energyDb[f]! - closed);
    highs = Math.max(highs, cues.highDb[f]! - cues.lowDb[f]!);
  }
  return rise >= RELEASE_RISE_DB && highs <= LABIAL_RELEASE_HIGHS_DB;
}

/** A short silence with speech on both sides is the closure of a stop. */
function closeShortGaps(classes: PhoneClass[], hopS: number): PhoneClass[] {
  const out = classes.slice();
  const maxFrames = Math.round(MAX_CLOSURE_S / hopS);
  let f = 0;
  while (f < out.length) {
    if (out[f] !== 'silence') {
      f += 1;
      continue;
    }
    let end = f;
    while (end < out.length && out[end] === 'silence') end += 1;
    if (f > 0 && end < out.length && end - f <= maxFrames) out.fill('closure', f, end);
    f = end;
  }
  return out;
}

/** A 5-frame majority vote, then runs under MIN_RUN_FRAMES join the longer neighbour. */
function smooth(classes: PhoneClass[]): PhoneClass[] {
  const voted = classes.map((cls, f) => {
    const counts = new Map<PhoneClass, number>();
    for (let k = Math.max(0, f - 2); k <= Math.min(classes.length - 1, f + 2); k += 1) counts.set(classes[k]!, (counts.get(classes[k]!) ?? 0) + 1);
    let best = cls;
    for (const [c, n] of counts) if (n > (counts.get(best) ?? 0)) best = c;
    return best;
  });
  const runs = toRuns(voted);
  for (let i = 0; i < runs.length; i += 1) {
    const run = runs[i]!;
    if (run.end - run.start >= MIN_RUN_FRAMES || runs.length === 1) continue;
    const before = runs[i - 1];
    const after = runs[i + 1];
    const into = !after || (before && before.end - before.start >= after.end - after.start) ? before : after;
    if (into) voted.fill(into.cls, run.start, run.end);
  }
  return voted;
}

function toRuns(classes: readonly PhoneClass[]): Array<{ cls: PhoneClass; start: number; end: number }> {
  const runs: Array<{ cls: PhoneClass; start: number; end: number }> = [];
  for (let f = 0; f < classes.length; f += 1) {
    const last = runs.at(-1);
    if (last && last.cls === classes[f]) last.end = f + 1;
    else runs.push({ cls: classes[f]!, start: f, end: f + 1 });
  }
  return runs;
}

/** The audio-only phone timeline: one representative phone per class run; silence is a gap. */
export function estimatePhones(samples: Float32Array, sampleRate: number, templates: ClassTemplates, durationS: number): PhoneTimeline {
  const { classes, hopS, relativeDb, murmur, cues } = classifyFrames(samples, sampleRate, templates);
  const phones: Array<TimedPhone & { peakDb: number }> = [];
  for (const run of toRuns(classes)) {
    if (run.cls === 'silence') continue;
    const startS = Math.min(durationS, run.start * hopS);
    const endS = Math.min(durationS, run.end * hopS);
    let peakDb = -Infinity;
    let murmured = false;
    for (let f = run.start; f < run.end; f += 1) {
      peakDb = Math.max(peakDb, relativeDb[f]!);
      murmured ||= murmur[f] === 1;
    }
    const released = labialRelease(cues, run.start, run.end);
    const confidence = run.cls === 'closure' ? { confidence: murmured || released ? LABIAL_CLOSURE_CONFIDENCE : GUESSED_CLOSURE_CONFIDENCE, ...(released ? { burst: true } : {}) } : {};
    if (endS > startS) phones.push({ ipa: CLASS_PHONE[run.cls], startS, endS, stress: 0, peakDb, ...confidence });
  }
  markStress(phones);
  return { phones: phones.map(({ peakDb: _peak, ...phone }) => phone), method: 'acoustic' };
}

const VOWEL_PHONES = new Set([CLASS_PHONE.open, CLASS_PHONE.rounded, CLASS_PHONE.spread]);
/**
 * A stressed syllable is louder than its neighbours: a vowel whose peak is the loudest
 * within STRESS_REACH_S either side, and near the recording's loud level, carries stress
 * (what brows and nods follow when no words say where the stress is).
 */
const STRESS_REACH_S = 0.35;
const STRESS_WITHIN_LOUD_DB = 4;

function markStress(phones: Array<TimedPhone & { peakDb: number }>): void {
  for (const phone of phones) {
    if (!VOWEL_PHONES.has(phone.ipa) || phone.peakDb < -STRESS_WITHIN_LOUD_DB) continue;
    const middle = (phone.startS + phone.endS) / 2;
    const louder = phones.some((other) => other !== phone && VOWEL_PHONES.has(other.ipa) && Math.abs((other.startS + other.endS) / 2 - middle) <= STRESS_REACH_S && other.peakDb > phone.peakDb);
    if (!louder) phone.stress = 2;
  }
}
