import { describe, expect, it } from 'vitest';
import { RenderReportSchema } from '../../../src-shared/report.js';
import type { PhoneTimeline, TimedPhone } from '../voice/phone-timeline.js';
import { mouthClassOf, type MouthClass } from './phone-classes.js';
import { classAtFrames, extremeFrames, framesToMesh, measureVisemes, type MouthTrack } from './viseme-measures.js';

const FPS = 25;
const REST_GAP = 0.01;

/** "Bob, mama; a pea, Pooh and me." spelled as phones with eSpeak-like durations and pauses. */
function passage(): PhoneTimeline {
  const words = ['b ɑ b', 'm ɑ m ə', 'ɐ p iː', 'p uː', 'æ n d', 'm iː', 'w ɪ m', 'b oʊ t', 'p aɪ', 'b ɪ b'];
  const phones: TimedPhone[] = [];
  let t = 0.2;
  words.forEach((word, w) => {
    for (const ipa of word.split(' ')) {
      const cls = mouthClassOf(ipa);
      const d = cls === 'closed' ? 0.08 : cls === 'other' ? 0.07 : 0.13;
      phones.push({ ipa, startS: t, endS: t + d, stress: cls === 'open' ? 2 : 0, word: w });
      t += d;
    }
    t += w % 3 === 2 ? 0.3 : 0.04;
  });
  return { phones, method: 'synthesizer' };
}

function frameCountOf(timeline: PhoneTimeline): number {
  return Math.ceil((timeline.phones.at(-1)!.endS + 0.3) * FPS);
}

const GAP: Record<MouthClass, number> = { closed: REST_GAP, open: 0.3, rounded: 0.14, spread: 0.12, other: 0.1, silence: REST_GAP };
const WIDTH: Record<MouthClass, number> = { closed: 0.72, open: 0.78, rounded: 0.58, spread: 0.86, other: 0.75, silence: 0.74 };

/** A mouth that shapes each phone, shown `leadFrames` early (negative: late). */
function articulated(timeline: PhoneTimeline, leadFrames: number): MouthTrack {
  const classes = classAtFrames(timeline, FPS, frameCountOf(timeline));
  const at = (k: number) => classes[Math.min(classes.length - 1, Math.max(0, k + leadFrames))]!;
  return {
    fps: FPS,
    gap: classes.map((_, k) => GAP[at(k)]),
    width: classes.map((_, k) => WIDTH[at(k)]),
  };
}

/**
 * Today's puppet: the jaw follows loudness with a fast attack and slow release, the lips
 * never change shape. m and b are voiced (loud-ish); only p's closure is silent.
 */
function loudnessDriven(timeline: PhoneTimeline): MouthTrack {
  const frames = frameCountOf(timeline);
  const loud = new Array<number>(frames).fill(0);
  for (const p of timeline.phones) {
    const level = p.ipa === 'p' ? 0.05 : p.ipa === 'b' ? 0.5 : p.ipa === 'm' ? 0.7 : mouthClassOf(p.ipa) === 'other' ? 0.6 : 1;
    for (let k = Math.ceil(p.startS * FPS); k < p.endS * FPS; k++) loud[k] = level;
  }
  const gap: number[] = [];
  let g = 0;
  for (const l of loud) {
    g += (l - g) * (l > g ? 0.6 : 0.3);
    gap.push(REST_GAP + 0.25 * g);
  }
  return { fps: FPS, gap, width: gap.map(() => 0.75) };
}

describe('phone classes', () => {
  it('knows the lips of phones across the eight languages', () => {
    const cases: Array<[string, MouthClass]> = [
      ['p', 'closed'],
      ['bʱ', 'closed'],
      ['m̩', 'closed'],
      ['ɑ̃', 'open'],
      ['aɪ', 'open'],
      ['aː', 'open'],
      ['uː', 'rounded'],
      ['y', 'rounded'],
      ['ø', 'rounded'],
      ['oʊ', 'rounded'],
      ['w', 'rounded'],
      ['iː', 'spread'],
      ['eɪ', 'spread'],
      ['ɛ̃', 'spread'],
      ['ʈ', 'other'],
      ['ɯ', 'other'],
      ['ʃ', 'other'],
      ['ə', 'other'],
      ['', 'silence'],
    ];
    for (const [ipa, cls] of cases) expect([ipa, mouthClassOf(ipa)]).toEqual([ipa, cls]);
  });
});

describe('viseme measures', () => {
  const timeline = passage();

  it('passes a mouth that shapes every phone a frame ahead of the sound', () => {
    const m = measureVisemes(articulated(timeline, 1), timeline, REST_GAP);
    expect(m.closure.phones).toBe(timeline.phones.filter((p) => mouthClassOf(p.ipa) === 'closed').length);
    expect(m.closure.share).toBe(1);
    expect(m.openVsClosed.ratio!).toBeGreaterThan(3);
    expect(m.rounding.ratio!).toBeLessThan(0.88);
    expect(m.lead.frames).toBe(1);
    expect(m.passed).toEqual({ closure: true, openVsClosed: true, rounding: true });
  });

  it('fails a loudness-driven mouth on closure, open-vs-closed and rounding', () => {
    const m = measureVisemes(loudnessDriven(timeline), timeline, REST_GAP);
    expect(m.closure.share).toBeLessThan(0.6);
    expect(m.openVsClosed.ratio!).toBeLessThan(3);
    expect(m.rounding.ratio).toBeCloseTo(1, 5);
    expect(m.passed).toEqual({ closure: false, openVsClosed: false, rounding: false });
  });

  it('fails closure when the lips meet 200 ms after the sound, and reports the lag', () => {
    const m = measureVisemes(articulated(timeline, -5), timeline, REST_GAP);
    expect(m.closure.share).toBeLessThan(0.9);
    expect(m.passed.closure).toBe(false);
    expect(m.lead.frames).toBe(-5);
  });

  it('counts frames the face was lost in as unmeasured, not as closed', () => {
    const track = articulated(timeline, 1);
    const gap = Array.from(track.gap, () => NaN);
    const m = measureVisemes({ ...track, gap }, timeline, REST_GAP);
    expect(m.closure.phones).toBe(0);
    expect(m.closure.unmeasured).toBeGreaterThan(0);
    expect(m.passed.closure).toBeNull();
  });

  it('meshes every frame a measure reads and a sparse sample of the rest', () => {
    const frames = frameCountOf(timeline);
    const chosen = framesToMesh(timeline, FPS, frames, 4);
    expect(chosen.size).toBeLessThan(frames);
    const track = articulated(timeline, 1);
    const sparse = (values: ArrayLike<number>) => Array.from(values, (v, k) => (chosen.has(k) ? v : NaN));
    const full = measureVisemes(track, timeline, REST_GAP);
    const partial = measureVisemes({ fps: FPS, gap: sparse(track.gap), width: sparse(track.width) }, timeline, REST_GAP);
    expect(partial.closure).toMatchObject({ phones: full.closure.phones, closed: full.closure.closed });
    expect(partial.openVsClosed.ratio).toBeCloseTo(full.openVsClosed.ratio!, 6);
    expect(partial.rounding.ratio).toBeCloseTo(full.rounding.ratio!, 6);
  });

  it("are kept whole by report.json's schema, targets and method included", () => {
    const visemes = measureVisemes(articulated(timeline, 1), timeline, REST_GAP);
    const quality = RenderReportSchema.shape.quality.parse({ image: { before: 5, after: 6, chosen: 'none', applied: [], details: { before: null, after: null } }, visemes });
    expect(quality.visemes).toEqual(visemes);
    expect(quality.visemes).toMatchObject({ method: 'synthesizer', targets: { closureShare: 0.9, openToClosed: 3, roundedToSpread: 0.88 } });
  });

  it('finds the most shut frame during a p/b/m and the widest open frame', () => {
    const track = articulated(timeline, 0);
    const gap = Array.from(track.gap);
    const firstM = timeline.phones.find((p) => p.ipa === 'm')!;
    const k = Math.floor(firstM.endS * FPS);
    gap[k] = 0;
    gap[k + 20] = 0.5;
    expect(extremeFrames({ ...track, gap }, timeline)).toEqual({ closed: k, widest: k + 20 });
  });

  it('holds a photo with its mouth open to shut lips, not to its own open rest', () => {
    // The photo speaks (gap 0.40); the rendered mouth never narrows below 0.25.
    const track = articulated(timeline, 1);
    const gap = Array.from(track.gap, (g) => Math.max(0.25, g + 0.2));
    const m = measureVisemes({ ...track, gap }, timeline, 0.4);
    expect(m.closure.photoGap).toBe(0.4);
    expect(m.closure.restGap).toBeLessThan(0.06);
    expect(m.closure.share).toBe(0);
    expect(m.passed.closure).toBe(false);
  });
});

describe('closures guessed from the sound alone', () => {
  /**
   * An audio-only timeline: six guessed closures, three of them real stops (a dip the
   * sound leaves with a burst), three a vowel's quiet end (no burst after). A real speaker's
   * lips meet on the stops only.
   */
  function guessed(): { timeline: PhoneTimeline; level: number[]; track: MouthTrack } {
    const phones: TimedPhone[] = [];
    const frames = 6 * 12 + 10;
    const level = new Array<number>(frames).fill(-20);
    const gap = new Array<number>(frames).fill(0.25);
    for (let i = 0; i < 6; i++) {
      const start = 4 + i * 12;
      const stop = i % 2 === 0;
      phones.push({ ipa: 'a', startS: (start - 4) / FPS, endS: start / FPS, stress: 2 });
      phones.push({ ipa: 'm', startS: start / FPS, endS: (start + 2) / FPS, stress: 0 });
      phones.push({ ipa: 'a', startS: (start + 2) / FPS, endS: (start + 8) / FPS, stress: 2 });
      level[start] = level[start + 1] = stop ? -40 : -30;
      // A vowel's quiet end: the sound stays low after it; a stop releases into the next vowel.
      if (!stop) for (let k = start + 2; k < start + 7; k++) level[k] = -31;
      if (stop) gap[start] = gap[start + 1] = REST_GAP;
    }
    return { timeline: { phones, method: 'acoustic' }, level, track: { fps: FPS, gap, width: new Array<number>(frames).fill(0.8) } };
  }

  it('judges the lips only on the closures the sound shows (a dip left with a burst)', () => {
    const { timeline, level, track } = guessed();
    const judged = measureVisemes(track, timeline, REST_GAP, level);
    expect(judged.closure.phones).toBe(3);
    expect(judged.closure.share).toBe(1);
  });

  it('keeps every closure of exact phones (a synthesizer or a transcript), dip or not', () => {
    const { timeline, level, track } = guessed();
    const judged = measureVisemes(track, { ...timeline, method: 'aligned' }, REST_GAP, level);
    expect(judged.closure.phones).toBe(6);
    expect(judged.closure.share).toBe(0.5);
  });
});
