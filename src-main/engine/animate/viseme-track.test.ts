import { describe, expect, it } from 'vitest';
import { MotionSettingsSchema } from '../../../src-shared/render.js';
import { concatenate, synthVowel } from '../../../tests/support/synth-vowel.js';
import type { PhoneTimeline, TimedPhone } from '../voice/phone-timeline.js';
import { frameFeatures } from './audio-features.js';
import { buildMotionTrack } from './motion-track.js';
import { buildVisemeTrack } from './viseme-track.js';

const RATE = 16000;
const FPS = 25;

/** Phones back to back from `startS`, each [ipa, seconds, stress?]; "" is a pause. */
function timeline(spec: Array<[string, number, (0 | 1 | 2)?]>, startS = 0.2): PhoneTimeline {
  const phones: TimedPhone[] = [];
  let t = startS;
  for (const [ipa, duration, stress] of spec) {
    if (ipa) phones.push({ ipa, startS: t, endS: t + duration, stress: stress ?? 0 });
    t += duration;
  }
  return { phones, method: 'synthesizer' };
}

/** A voiced tone wherever a phone is spoken, silence in the pauses. */
function voiceFor(line: PhoneTimeline, seconds: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  for (const p of line.phones) {
    for (let i = Math.round(p.startS * RATE); i < Math.min(out.length, Math.round(p.endS * RATE)); i++) out[i] = 0.3 * Math.sin((2 * Math.PI * 160 * i) / RATE);
  }
  return out;
}

function track(line: PhoneTimeline, seconds: number, expressiveness = 1) {
  const samples = voiceFor(line, seconds);
  const frames = Math.round(seconds * FPS);
  return buildVisemeTrack(line, frameFeatures(samples, RATE, FPS, frames), expressiveness);
}

/** Frames whose time (frame start, as a viewer's tracker stamps them) falls in [from, to]. */
function framesIn(from: number, to: number): number[] {
  const out: number[] = [];
  for (let k = Math.max(0, Math.ceil(from * FPS)); k / FPS <= to; k++) out.push(k);
  return out;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

describe('viseme track', () => {
  // "ama pabo mubi" spoken at eSpeak's pace: closures of 60–90 ms between open vowels.
  const words = timeline([
    ['a', 0.14, 2],
    ['m', 0.07],
    ['a', 0.13],
    ['p', 0.06],
    ['a', 0.15, 2],
    ['b', 0.06],
    ['o', 0.12],
    ['', 0.2],
    ['m', 0.08],
    ['u', 0.12, 2],
    ['b', 0.07],
    ['i', 0.14],
    ['', 0.6],
    ['b', 0.06],
    ['aɪ', 0.2, 2],
  ]);
  const seconds = 3.2;
  const t = track(words, seconds);
  const closures = words.phones.filter((p) => ['m', 'p', 'b'].includes(p.ipa));

  it('shuts the lips on every p, b and m within [onset − 60 ms, end]', () => {
    for (const p of closures) {
      const gaps = framesIn(p.startS - 0.06, p.endS).map((k) => t.gap[k]!);
      expect(Math.min(...gaps), `${p.ipa} at ${p.startS.toFixed(2)} s`).toBeLessThan(0.005);
    }
  });

  it('opens open vowels at least three times wider than p/b/m, each judged at its apex', () => {
    // As a viewer's measure judges them: the widest frame of each "a", the narrowest of each
    // closure, frames from 60 ms before the onset (the picture leads) to the end.
    const open = words.phones.filter((p) => p.ipa === 'a').map((p) => Math.max(...framesIn(p.startS - 0.06, p.endS).map((k) => t.gap[k]!)));
    const shut = closures.map((p) => Math.min(...framesIn(p.startS - 0.06, p.endS).map((k) => t.gap[k]!)));
    expect(mean(open)).toBeGreaterThan(0.2);
    expect(mean(open)).toBeGreaterThan(3 * Math.max(mean(shut), 0.001));
  });

  it('keeps the jaw moving behind pressed lips, apart from the lips', () => {
    const m = closures[0]!;
    const window = framesIn(m.startS - 0.06, m.endS);
    const k = window.reduce((best, j) => (t.gap[j]! < t.gap[best]! ? j : best), window[0]!);
    expect(t.gap[k]).toBeLessThan(0.01);
    expect(t.jaw[k]).toBeGreaterThan(0.02);
  });

  it('rounds the lips on u and o and spreads them on i', () => {
    const widthOn = (ipa: string): number => {
      const p = words.phones.find((x) => x.ipa === ipa)!;
      return mean(framesIn(p.startS + 0.02, p.endS).map((k) => t.width[k]!));
    };
    expect(widthOn('u')).toBeLessThan(-0.5);
    expect(widthOn('o')).toBeLessThan(-0.3);
    expect(widthOn('i')).toBeGreaterThan(0.3);
  });

  it('starts rounding before a rounded vowel, across the consonant before it', () => {
    const line = timeline([
      ['a', 0.3],
      ['s', 0.12],
      ['t', 0.06],
      ['u', 0.2],
    ]);
    const r = track(line, 1.2);
    const u = line.phones[3]!;
    // The last frame before the vowel starts is already rounding.
    const before = framesIn(u.startS - 0.08, u.startS - 0.001);
    expect(r.width[before[before.length - 1]!]).toBeLessThan(-0.2);
    // and the open vowel well before it is not.
    expect(r.width[framesIn(0.3, 0.4)[0]!]).toBeGreaterThan(-0.05);
  });

  it('does not chatter: a 30 ms consonant between open vowels only half closes the jaw', () => {
    const line = timeline([
      ['a', 0.2],
      ['t', 0.03],
      ['a', 0.2],
    ]);
    const r = track(line, 1);
    const open = Math.max(...framesIn(0.25, 0.38).map((k) => r.gap[k]!));
    const dip = Math.min(...framesIn(0.38, 0.5).map((k) => r.gap[k]!));
    expect(dip).toBeGreaterThan(0.5 * open);
  });

  it('holds the mouth through a short pause and relaxes it to rest in a long one', () => {
    const shortPause = words.phones[6]!; // "o", then 0.2 s of pause
    const held = framesIn(shortPause.endS + 0.08, shortPause.endS + 0.12).map((k) => t.gap[k]!);
    expect(Math.max(...held)).toBeGreaterThan(0.01);
    const longPause = words.phones[10]!; // "i", then 0.6 s of pause
    const rested = framesIn(longPause.endS + 0.25, longPause.endS + 0.5).map((k) => t.gap[k]!);
    expect(Math.max(...rested)).toBeLessThan(0.003);
  });

  it('lets the picture lead the sound by at most two frames', () => {
    // The first open vowel after the long silence: the mouth starts opening no more than 2 frames early.
    const line = timeline([['a', 0.3]], 1);
    const r = track(line, 2);
    const firstOpen = Array.from(r.gap).findIndex((g) => g > 0.02);
    expect(firstOpen / FPS).toBeGreaterThanOrEqual(1 - 2 / FPS);
    expect(firstOpen / FPS).toBeLessThanOrEqual(1 + 1 / FPS);
  });

  it('lifts the brows and nods on stressed syllables', () => {
    const samples = voiceFor(words, seconds);
    const motion = MotionSettingsSchema.parse({});
    const frames = Math.round(seconds * FPS);
    const timed = buildMotionTrack(samples, RATE, seconds, FPS, frames, motion, 7, words);
    expect(timed.mouthSource).toBe('phones');
    const stressed = words.phones.find((p) => p.stress === 2)!;
    const lift = Math.max(...framesIn(stressed.startS, stressed.startS + 0.2).map((k) => timed.browLift[k]!));
    expect(lift).toBeGreaterThan(0.02);
    // An unstressed stretch far from any pulse stays low.
    expect(Math.max(...framesIn(1.8, 1.95).map((k) => timed.browLift[k]!))).toBeLessThan(0.01);
  });

  it('falls back to loudness, and says so, for a voice without phones', () => {
    const samples = voiceFor(words, seconds);
    const motion = MotionSettingsSchema.parse({});
    const fallback = buildMotionTrack(samples, RATE, seconds, FPS, Math.round(seconds * FPS), motion, 7);
    expect(fallback.mouthSource).toBe('loudness');
    expect(Array.from(fallback.jawOpen)).toEqual(Array.from(fallback.mouthGap));
  });
});

describe('viseme track from phones guessed from the audio alone', () => {
  /** A voiced tone per phone at its own level (dB under full scale 0.3), silence between. */
  function voiceAt(line: PhoneTimeline, levelsDb: number[], seconds: number): Float32Array {
    const out = new Float32Array(Math.round(seconds * RATE));
    line.phones.forEach((p, n) => {
      const amplitude = 0.3 * 10 ** (levelsDb[n]! / 20);
      for (let i = Math.round(p.startS * RATE); i < Math.min(out.length, Math.round(p.endS * RATE)); i++) out[i] = amplitude * Math.sin((2 * Math.PI * 160 * i) / RATE);
    });
    return out;
  }
  const trackOf = (line: PhoneTimeline, levelsDb: number[], seconds: number) => buildVisemeTrack(line, frameFeatures(voiceAt(line, levelsDb, seconds), RATE, FPS, Math.round(seconds * FPS)), 1);
  const widest = (gap: Float32Array, p: TimedPhone): number => Math.max(...framesIn(p.startS, p.endS).map((k) => gap[k]!));

  it("opens with the syllable's loudness: a loud syllable guessed as a consonant opens wider than a 12 dB quieter one guessed as an open vowel", () => {
    // Real vowels are often guessed as "t" (measured on real talking videos): the loudness says more than the guess.
    const spec: Array<[string, number]> = [
      ['t', 0.25],
      ['', 0.4],
      ['a', 0.25],
    ];
    const guessed = { ...timeline(spec), method: 'acoustic' as const };
    const g = trackOf(guessed, [0, -12], 1.4);
    expect(widest(g.gap, guessed.phones[0]!)).toBeGreaterThan(1.3 * widest(g.gap, guessed.phones[1]!));
    // Phones known exactly keep their vowel's opening: the open vowel opens wider.
    const known = timeline(spec);
    const k = trackOf(known, [0, -12], 1.4);
    expect(widest(k.gap, known.phones[1]!)).toBeGreaterThan(1.3 * widest(k.gap, known.phones[0]!));
  });

  it("opens the jaw with the sound's amplitude: a syllable 12 dB under the loudest opens it about a seventh as far, not a third", () => {
    // Three syllables of one class at 0, −6 and −12 dB: a real mouth follows the amplitude envelope, not its decibels.
    const spec: Array<[string, number]> = [
      ['t', 0.25],
      ['', 0.4],
      ['t', 0.25],
      ['', 0.4],
      ['t', 0.25],
    ];
    const guessed = { ...timeline(spec), method: 'acoustic' as const };
    const g = trackOf(guessed, [0, -6, -12], 2);
    const [loud, softer, soft] = guessed.phones.map((p) => widest(g.gap, p)) as [number, number, number];
    // Amplitude over an 18 dB floor: 0.43 and 0.14 of the loudest (linear in dB: 0.67 and 0.33).
    expect(softer / loud).toBeGreaterThan(0.35);
    expect(softer / loud).toBeLessThan(0.55);
    expect(soft / loud).toBeLessThan(0.22);
    expect(soft).toBeGreaterThan(0);
  });

  it('opens a guessed open vowel wider than a guessed spread one said as loud', () => {
    // Frames guessed /a/ are the real lips' widest (+0.8 standard deviations on real clips, /i/ −0.1).
    const spec: Array<[string, number]> = [
      ['i', 0.25],
      ['', 0.4],
      ['a', 0.25],
    ];
    const guessed = { ...timeline(spec), method: 'acoustic' as const };
    const g = trackOf(guessed, [0, 0], 1.4);
    expect(widest(g.gap, guessed.phones[1]!)).toBeGreaterThan(1.3 * widest(g.gap, guessed.phones[0]!));
  });

  it('narrows the lips on a guessed closure without pressing them shut (a closure guessed from audio is p/b/m about one time in three)', () => {
    const spec: Array<[string, number]> = [
      ['a', 0.25],
      ['m', 0.1],
      ['a', 0.25],
    ];
    const guessed = { ...timeline(spec), method: 'acoustic' as const };
    const g = trackOf(guessed, [0, -12, 0], 1.2);
    const m = guessed.phones[1]!;
    const narrowest = Math.min(...framesIn(m.startS - 0.06, m.endS).map((k) => g.gap[k]!));
    expect(narrowest).toBeGreaterThan(0.005);
    expect(narrowest).toBeLessThan(0.4 * widest(g.gap, guessed.phones[0]!));
    // The same m known exactly shuts the lips.
    const known = timeline(spec);
    const k = trackOf(known, [0, -12, 0], 1.2);
    expect(Math.min(...framesIn(m.startS - 0.06, m.endS).map((j) => k.gap[j]!))).toBeLessThan(0.005);
  });
});

describe('a guessed closure pressed as far as it is likely a p, b or m', () => {
  const spec: Array<[string, number]> = [
    ['a', 0.25],
    ['m', 0.1],
    ['a', 0.25],
  ];
  const voice = (line: PhoneTimeline) => {
    const out = new Float32Array(Math.round(1.2 * RATE));
    line.phones.forEach((p, n) => {
      const amplitude = 0.3 * 10 ** ((n === 1 ? -12 : 0) / 20);
      for (let i = Math.round(p.startS * RATE); i < Math.min(out.length, Math.round(p.endS * RATE)); i++) out[i] = amplitude * Math.sin((2 * Math.PI * 160 * i) / RATE);
    });
    return out;
  };
  const guessedWith = (confidence: number, burst = true): PhoneTimeline => {
    const line = { ...timeline(spec), method: 'acoustic' as const };
    line.phones[1] = { ...line.phones[1]!, confidence, ...(burst ? { burst: true } : {}) };
    return line;
  };
  const gapOf = (line: PhoneTimeline) => buildVisemeTrack(line, frameFeatures(voice(line), RATE, FPS, Math.round(1.2 * FPS)), 1).gap;

  it('shuts a murmur or lip release (confidence 0.75) to within a quarter of the open gap, holds a stop shut up to its burst, and leaves a vague one (0) open', () => {
    const m = guessedWith(0.75).phones[1]!;
    const likely = gapOf(guessedWith(0.75));
    const vague = gapOf(guessedWith(0));
    const open = Math.max(...framesIn(0.2, 0.45).map((k) => likely[k]!));
    const narrowest = (gap: Float32Array) => Math.min(...framesIn(m.startS - 0.06, m.endS).map((k) => gap[k]!));
    // The measure: within a quarter of the way from shut to the speech's open gap.
    expect(narrowest(likely)).toBeLessThan(0.25 * open);
    expect(narrowest(vague)).toBeGreaterThan(0.25 * open);
    // A stop's lips part with its burst: the last frame shown before the release is still
    // pressed; a murmur (no burst) flows into its vowel, the lips already parting.
    const lastBefore = Math.floor(m.endS * FPS - 1e-9);
    expect(likely[lastBefore]!).toBeLessThan(0.35 * open);
    expect(gapOf(guessedWith(0.75, false))[lastBefore]!).toBeGreaterThan(likely[lastBefore]! + 0.1 * open);
  });
});

describe("a recording without words: the vowel's height from its first formant", () => {
  it('opens the mouth wider on an open /a/ than on a close /i/ said as loud (loudness alone opened both alike)', () => {
    const rate = 16000;
    const open: Array<[number, number]> = [
      [800, 80],
      [1200, 90],
      [2500, 120],
    ];
    const close: Array<[number, number]> = [
      [300, 60],
      [2300, 100],
      [3000, 150],
    ];
    // a i a i, 0.4 s each, every vowel at the same peak level, 0.2 s of silence first.
    const samples = concatenate([new Float32Array(0.2 * rate), ...[open, close, open, close].map((f) => synthVowel(f, 0.4, rate))]);
    const seconds = samples.length / rate;
    // The audio-only guess heard four vowels of one class: only the sound itself tells them apart.
    const guessed: PhoneTimeline = { phones: [0, 1, 2, 3].map((n) => ({ ipa: 't', startS: 0.2 + 0.4 * n, endS: 0.6 + 0.4 * n, stress: 0 as const })), method: 'acoustic' };
    const settings = MotionSettingsSchema.parse({});
    const track = buildMotionTrack(samples, rate, seconds, FPS, Math.round(seconds * FPS), settings, 1, guessed);
    const meanGap = (p: TimedPhone): number => {
      const frames = framesIn(p.startS + 0.1, p.endS - 0.1);
      return frames.reduce((s, k) => s + track.mouthGap[k]!, 0) / frames.length;
    };
    const [a1, i1, a2, i2] = guessed.phones.map(meanGap) as [number, number, number, number];
    // The jaw opens (2 − c)/c as far on the speaker's most open vowel as on their closest
    // (closeVowelJaw c = 0.7: 1.86×); over the vowels' middles, smoothed, /a/ reads 1.3× /i/.
    expect(Math.min(a1, a2)).toBeGreaterThan(1.2 * Math.max(i1, i2));
  });
});

describe('a recording without words: sampled once a frame', () => {
  it("does not flicker from frame to frame when the vowel's height read from the sound jumps faster than a frame", () => {
    const seconds = 1.4;
    const line: PhoneTimeline = { phones: [{ ipa: 'a', startS: 0.2, endS: 1.2, stress: 0 }], method: 'acoustic' };
    const frames = Math.round(seconds * FPS);
    const features = frameFeatures(voiceFor(line, seconds), RATE, FPS, frames);
    // F1 readings that swing from the speaker's closest vowel to their most open every 40 ms
    // (a tracker jumping between a formant and a harmonic): more than a jaw can follow.
    const openness = Float32Array.from({ length: 140 }, (_, f) => Math.floor(f / 4) % 2);
    const gap = buildVisemeTrack(line, features, 1, { hopS: 0.01, firstCentreS: 0.0125, openness }).gap;
    const spoken = framesIn(0.35, 1.05);
    const swing = mean(spoken.slice(1).map((k) => Math.abs(gap[k]! - gap[k - 1]!)));
    expect(mean(spoken.map((k) => gap[k]!))).toBeGreaterThan(0.05);
    // Unsmoothed (before the frame smoothing), the mouth jumped by 0.37 of its opening every frame; now 0.002.
    expect(swing).toBeLessThan(0.1 * mean(spoken.map((k) => gap[k]!)));
  });
});
