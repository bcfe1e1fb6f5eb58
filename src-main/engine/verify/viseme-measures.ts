import { LIP_SYNC_TARGETS } from '../../../src-shared/lip-sync-targets.js';
import type { VisemesReport } from '../../../src-shared/report.js';
import type { PhoneTimeline, TimedPhone } from '../voice/phone-timeline.js';
import { mouthClassOf, type MouthClass } from './phone-classes.js';
import { bestLaggedCorrelation, mean } from './stats.js';

/**
 * Does the mouth say the words? Judged from the mouth tracked on the rendered frames
 * (mouth-track.ts) against the phones that were spoken: the lips meet on p/b/m, open on
 * "a", round on u/o/w and spread on i/e, with the picture leading the sound slightly as in
 * real speech. Pure functions: the tests feed them constructed tracks.
 */

export interface MouthTrack {
  fps: number;
  /** Inner-lip gap ÷ eye distance per frame; NaN where the frame was not meshed or no face was found. */
  gap: ArrayLike<number>;
  /** Inner-mouth width (inner corners) ÷ eye distance per frame; NaN likewise. */
  width: ArrayLike<number>;
}

/** The measures as report.json records them (quality.visemes). */
export type VisemeMeasures = VisemesReport;

/**
 * Where the picture's lead is searched, in frames either way: 12 frames is 0.48 s at
 * 25 fps, so a sound shifted by 300 ms (7–9 frames at 25–30 fps) is found, not clipped.
 */
export const MAX_LEAD_FRAMES = 12;

/**
 * How open each class of phone should look, for finding the picture's lead against the
 * sound; the figures only need to be in the right order.
 */
const TARGET_OPENING: Record<MouthClass, number> = { closed: 0, open: 1, rounded: 0.5, spread: 0.5, other: 0.4, silence: 0 };

export function quantile(values: readonly number[], q: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.max(0, q * (sorted.length - 1)));
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/**
 * The tracked values of a phone: frames shown from `leadS` before its onset to its end
 * (the picture may lead the sound); a phone shorter than a frame gets the frame nearest
 * its middle.
 */
function phoneValues(values: ArrayLike<number>, fps: number, phone: TimedPhone, leadS: number): number[] {
  const first = Math.max(0, Math.ceil((phone.startS - leadS) * fps - 1e-9));
  const last = Math.min(values.length - 1, Math.floor(phone.endS * fps + 1e-9));
  const out: number[] = [];
  for (let k = first; k <= last; k++) if (Number.isFinite(values[k]!)) out.push(values[k]!);
  if (!out.length) {
    const nearest = Math.round(((phone.startS + phone.endS) / 2) * fps);
    const v = values[nearest];
    if (v !== undefined && Number.isFinite(v)) out.push(v);
  }
  return out;
}

/** Per frame, the class of the phone being heard at the frame's time. */
export function classAtFrames(timeline: PhoneTimeline, fps: number, frameCount: number): MouthClass[] {
  const classes: MouthClass[] = new Array<MouthClass>(frameCount).fill('silence');
  for (const phone of timeline.phones) {
    const cls = mouthClassOf(phone.ipa);
    const first = Math.max(0, Math.ceil(phone.startS * fps - 1e-9));
    const last = Math.min(frameCount - 1, Math.ceil(phone.endS * fps - 1e-9) - 1);
    for (let k = first; k <= last; k++) classes[k] = cls;
  }
  return classes;
}

/**
 * A stop's signature in the loudness (dB per video frame): a dip inside the phone that
 * the sound leaves with a burst, at least CLOSURE_RELEASE_DB louder within
 * CLOSURE_RELEASE_S after it. Only about 37 % of the closures the audio-only estimate
 * guesses are p/b/m (measured on eSpeak passages with known phones); one without a
 * release is mostly a vowel's quiet end or a pause, where a real speaker's lips are open.
 */
export const CLOSURE_RELEASE_DB = 10;
export const CLOSURE_RELEASE_S = 0.12;

export function closureHeard(levelDb: ArrayLike<number>, fps: number, phone: TimedPhone): boolean {
  const first = Math.max(0, Math.floor(phone.startS * fps));
  const last = Math.min(levelDb.length - 1, Math.max(first, Math.ceil(phone.endS * fps) - 1));
  let dip = Infinity;
  for (let k = first; k <= last; k++) dip = Math.min(dip, levelDb[k]!);
  let release = -Infinity;
  const until = Math.min(levelDb.length - 1, last + Math.max(1, Math.round(CLOSURE_RELEASE_S * fps)));
  for (let k = last + 1; k <= until; k++) release = Math.max(release, levelDb[k]!);
  return Number.isFinite(dip) && release - dip >= CLOSURE_RELEASE_DB;
}

/**
 * `photoGap` is the photo's own inner-lip gap ÷ eye distance (measured on the photo with
 * the same mesh): a mouth that closes comes back to it, or to shut lips where the photo's
 * mouth is open.
 */
export function measureVisemes(track: MouthTrack, timeline: PhoneTimeline, photoGap: number, levelDb?: ArrayLike<number>): VisemeMeasures {
  const restGap = Math.min(photoGap, LIP_SYNC_TARGETS.shutLipsGap);
  const { fps } = track;
  const lead = LIP_SYNC_TARGETS.closureLeadS;
  // Closures guessed from the sound alone are judged only where the sound shows one
  // (see closureHeard): the rest are as often a vowel's quiet end as a p, b or m.
  const trusted = (p: TimedPhone) => timeline.method !== 'acoustic' || !levelDb || closureHeard(levelDb, fps, p);
  const byClass = (cls: MouthClass) => timeline.phones.filter((p) => mouthClassOf(p.ipa) === cls && (cls !== 'closed' || trusted(p)));
  const closures = byClass('closed');

  const classes = classAtFrames(timeline, fps, track.gap.length);
  const speechGaps: number[] = [];
  for (let k = 0; k < track.gap.length; k++) {
    if (classes[k] !== 'silence' && Number.isFinite(track.gap[k]!)) speechGaps.push(track.gap[k]!);
  }
  const speechP90Gap = quantile(speechGaps, 0.9);
  const thresholdGap = restGap + LIP_SYNC_TARGETS.closureRestFraction * Math.max(0, speechP90Gap - restGap);
  // Each phone is judged at its apex, the pose it reaches (an animator's key pose): a
  // window's mean would mostly measure the transitions, as phones last 1–3 frames.
  const apexes = (cls: MouthClass, values: ArrayLike<number>, pick: (v: number[]) => number) =>
    byClass(cls)
      .map((p) => phoneValues(values, fps, p, lead))
      .filter((v) => v.length)
      .map(pick);
  const lowest = (v: number[]) => Math.min(...v);
  const highest = (v: number[]) => Math.max(...v);
  const closedMeans = apexes('closed', track.gap, lowest);
  const measured = closedMeans.length;
  const closed = closedMeans.filter((g) => g <= thresholdGap).length;
  const share = measured ? closed / measured : 0;

  const openMeans = apexes('open', track.gap, highest);
  const meanOpenGap = mean(openMeans);
  const meanClosedGap = mean(closedMeans);
  const openRatio = openMeans.length && closedMeans.length ? meanOpenGap / Math.max(meanClosedGap, 1e-3) : null;

  const roundedMeans = apexes('rounded', track.width, lowest);
  const spreadMeans = apexes('spread', track.width, highest);
  const meanRoundedWidth = mean(roundedMeans);
  const meanSpreadWidth = mean(spreadMeans);
  const roundRatio = roundedMeans.length && spreadMeans.length && meanSpreadWidth > 0 ? meanRoundedWidth / meanSpreadWidth : null;

  // A positive lag means the mouth trails what is heard; the picture's lead is its opposite.
  const target = classes.map((c) => TARGET_OPENING[c]);
  const best = bestLaggedCorrelation(target, track.gap, MAX_LEAD_FRAMES);

  return {
    method: timeline.method,
    closure: { phones: measured, closed, share, unmeasured: closures.length - measured, photoGap, restGap, speechP90Gap, thresholdGap },
    openVsClosed: { openPhones: openMeans.length, closedPhones: closedMeans.length, meanOpenGap, meanClosedGap, ratio: openRatio },
    rounding: { roundedPhones: roundedMeans.length, spreadPhones: spreadMeans.length, meanRoundedWidth, meanSpreadWidth, ratio: roundRatio },
    lead: { frames: Number.isFinite(best.r) ? -best.lag : 0, r: Number.isFinite(best.r) ? best.r : 0 },
    passed: {
      closure: measured ? share >= LIP_SYNC_TARGETS.closureShare : null,
      openVsClosed: openRatio === null ? null : openRatio >= LIP_SYNC_TARGETS.openToClosed,
      rounding: roundRatio === null ? null : roundRatio <= LIP_SYNC_TARGETS.roundedToSpread,
    },
    targets: { closureShare: LIP_SYNC_TARGETS.closureShare, openToClosed: LIP_SYNC_TARGETS.openToClosed, roundedToSpread: LIP_SYNC_TARGETS.roundedToSpread },
  };
}

/**
 * The frames worth meshing: those around every phone a measure reads (a closure, an open,
 * rounded or spread vowel), plus every `every`-th frame for the speech percentile and the
 * lead. Meshing is the slow part (40–120 ms a frame); decoding all frames is cheap.
 */
export function framesToMesh(timeline: PhoneTimeline, fps: number, frameCount: number, every = 3): Set<number> {
  const frames = new Set<number>();
  for (let k = 0; k < frameCount; k += every) frames.add(k);
  for (const phone of timeline.phones) {
    if (mouthClassOf(phone.ipa) === 'other' || mouthClassOf(phone.ipa) === 'silence') continue;
    const first = Math.max(0, Math.floor((phone.startS - LIP_SYNC_TARGETS.closureLeadS) * fps) - 1);
    const last = Math.min(frameCount - 1, Math.ceil(phone.endS * fps) + 1);
    for (let k = first; k <= last; k++) frames.add(k);
  }
  return frames;
}

/**
 * The frame where the lips are most shut during a p/b/m, and the frame where the mouth is
 * widest open: the two a viewer checks for defects (teeth showing through shut lips, a torn
 * interior). -1 where no tracked frame qualifies.
 */
export function extremeFrames(track: MouthTrack, timeline: PhoneTimeline): { closed: number; widest: number } {
  let closed = -1;
  for (const phone of timeline.phones) {
    if (mouthClassOf(phone.ipa) !== 'closed') continue;
    const first = Math.max(0, Math.ceil((phone.startS - LIP_SYNC_TARGETS.closureLeadS) * track.fps - 1e-9));
    const last = Math.min(track.gap.length - 1, Math.floor(phone.endS * track.fps + 1e-9));
    for (let k = first; k <= last; k++) {
      if (Number.isFinite(track.gap[k]!) && (closed < 0 || track.gap[k]! < track.gap[closed]!)) closed = k;
    }
  }
  let widest = -1;
  for (let k = 0; k < track.gap.length; k++) {
    if (Number.isFinite(track.gap[k]!) && (widest < 0 || track.gap[k]! > track.gap[widest]!)) widest = k;
  }
  return { closed, widest };
}
