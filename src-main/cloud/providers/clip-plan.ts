import type { ClipConstraints } from '../../../src-shared/providers.js';

/**
 * Fixed-length video clips for a provider that makes nothing else (Veo: 4, 6 or 8 s). The
 * voice must fit, so the clips together are at least as long as the speech: as few clips
 * as possible, then the least time over. A script that needs more clips than allowed
 * goes to another route.
 */

export type ClipPlan = { ok: true; clipsS: number[]; totalS: number } | { ok: false; neededClips: number; maxClips: number };

export function planClips(durationS: number, constraints: ClipConstraints): ClipPlan {
  const lengths = [...new Set(constraints.allowedSeconds)].filter((s) => s > 0).sort((a, b) => b - a);
  const longest = lengths[0];
  if (longest === undefined) throw new Error('a clip provider needs at least one allowed clip length');
  const needed = Math.max(1, Math.ceil(Math.max(0, durationS) / longest - 1e-9));
  if (needed > constraints.maxClips) return { ok: false, neededClips: needed, maxClips: constraints.maxClips };
  const best = shortestCover(needed, lengths, durationS);
  // `needed` clips of the longest length always cover the duration, so a plan exists.
  if (!best) throw new Error(`no ${needed}-clip plan covers ${durationS} s`);
  return { ok: true, clipsS: best, totalS: sum(best) };
}

/** Of the non-increasing sequences of `count` lengths, the one with the smallest total ≥ target. */
function shortestCover(count: number, lengths: readonly number[], target: number): number[] | null {
  let best: number[] | null = null;
  const walk = (chosen: number[], from: number): void => {
    if (chosen.length === count) {
      if (sum(chosen) >= target - 1e-9 && (best === null || sum(chosen) < sum(best))) best = [...chosen];
      return;
    }
    for (let i = from; i < lengths.length; i += 1) walk([...chosen, lengths[i] as number], i);
  };
  walk([], 0);
  return best;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/**
 * The script cut at word boundaries into one piece per clip, each piece's share of the
 * words in proportion to its clip's length. Scripts without spaces (Japanese, Chinese)
 * are cut by characters.
 */
export function splitScript(script: string, clipsS: readonly number[]): string[] {
  const spaced = /\s/.test(script.trim());
  const units = spaced ? script.trim().split(/\s+/) : [...script.trim()];
  const total = sum(clipsS);
  const pieces: string[] = [];
  let start = 0;
  let elapsed = 0;
  clipsS.forEach((clip, i) => {
    elapsed += clip;
    const end = i === clipsS.length - 1 ? units.length : Math.round((units.length * elapsed) / total);
    pieces.push(units.slice(start, end).join(spaced ? ' ' : ''));
    start = end;
  });
  return pieces;
}
