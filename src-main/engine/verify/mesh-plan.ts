import { LIP_SYNC_TARGETS } from '../../../src-shared/lip-sync-targets.js';
import type { PhoneTimeline, TimedPhone } from '../voice/phone-timeline.js';
import { mouthClassOf, type MouthClass } from './phone-classes.js';

/**
 * Which frames the face mesh runs on. The mesh is the judge's slow part (40–120 ms a
 * frame on two cores, against well under 1 ms for the pixel pass), so it runs only where
 * a measure needs its points: the rounding measure (inner-mouth width on u/o/w against
 * i/e), the teeth check on shut lips, and a check that the mesh agrees with the tracked
 * head. The longest phones of each kind are taken, spread over the clip: their poses are
 * the clearest.
 */

export interface MeshPick {
  cls: MouthClass;
  /** The frames of the phone's window (from the picture's allowed lead before it to its end). */
  first: number;
  last: number;
  /** Which frame of the window: the most shut (p/b/m), the widest (open vowels), or the middle. */
  want: 'min' | 'max' | 'middle';
  /** Set once chosen. */
  frame?: number;
}

/**
 * At most this many phones of each kind are meshed (lips-only, face-detector.ts: 9–20 ms of CPU each against 40–90 for a full mesh): the
 * rounding measure needs the mesh's inner corners on u/o/w and i/e, the teeth check its lip
 * contour on shut lips. Open vowels are measured by the pixel pass alone.
 */
export const MESH_PER_CLASS: Partial<Record<MouthClass, number>> = { closed: 2, rounded: 3, spread: 3 };
const WANT: Partial<Record<MouthClass, MeshPick['want']>> = { closed: 'min', rounded: 'middle', spread: 'middle' };

/** The `count` longest phones, spread: the clip is cut into `count` stretches and each gives its longest. */
function spreadLongest(phones: readonly TimedPhone[], count: number): TimedPhone[] {
  if (phones.length <= count) return [...phones];
  const picks: TimedPhone[] = [];
  for (let i = 0; i < count; i++) {
    const part = phones.slice(Math.floor((i * phones.length) / count), Math.floor(((i + 1) * phones.length) / count));
    picks.push(part.reduce((a, b) => (b.endS - b.startS > a.endS - a.startS ? b : a)));
  }
  return picks;
}

export function meshPlan(timeline: PhoneTimeline | undefined, fps: number, frameCount: number): MeshPick[] {
  if (!timeline) return [];
  const picks: MeshPick[] = [];
  for (const [cls, count] of Object.entries(MESH_PER_CLASS) as Array<[MouthClass, number]>) {
    const phones = timeline.phones.filter((p) => mouthClassOf(p.ipa) === cls && p.startS * fps < frameCount);
    for (const phone of spreadLongest(phones, count)) {
      const first = Math.max(0, Math.floor((phone.startS - LIP_SYNC_TARGETS.closureLeadS) * fps));
      const last = Math.min(frameCount - 1, Math.max(first, Math.ceil(phone.endS * fps) - 1));
      picks.push({ cls, first, last, want: WANT[cls]! });
    }
  }
  return picks;
}
