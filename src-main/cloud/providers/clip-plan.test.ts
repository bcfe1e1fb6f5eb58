import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROVIDER_CATALOG } from '../../../src-shared/providers.js';
import { planClips, splitScript } from './clip-plan.js';

const VEO = PROVIDER_CATALOG.veo.clips!;

describe('Veo clip planning', () => {
  it('cuts 13 s into 8 + 6', () => {
    expect(planClips(13, VEO)).toEqual({ ok: true, clipsS: [8, 6], totalS: 14 });
  });

  it('uses one clip of the shortest length that fits a short script', () => {
    expect(planClips(3.2, VEO)).toEqual({ ok: true, clipsS: [4], totalS: 4 });
    expect(planClips(8, VEO)).toEqual({ ok: true, clipsS: [8], totalS: 8 });
    expect(planClips(0, VEO)).toEqual({ ok: true, clipsS: [4], totalS: 4 });
  });

  it('routes elsewhere a script that needs more clips than allowed', () => {
    expect(planClips(16.5, VEO)).toEqual({ ok: false, neededClips: 3, maxClips: 2 });
  });

  it('every clip is one of the allowed lengths, and the clips cover the speech', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 120, noNaN: true }), fc.integer({ min: 1, max: 20 }), (durationS, maxClips) => {
        const plan = planClips(durationS, { ...VEO, maxClips });
        if (!plan.ok) return plan.neededClips > maxClips;
        return plan.clipsS.every((s) => VEO.allowedSeconds.includes(s)) && plan.totalS >= durationS - 1e-9 && plan.clipsS.length <= maxClips && plan.totalS - durationS < 8;
      }),
    );
  });

  it('shares the script among the clips by their length, at word boundaries, losing nothing', () => {
    const script = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen';
    const pieces = splitScript(script, [8, 6]);
    expect(pieces).toEqual(['one two three four five six seven eight', 'nine ten eleven twelve thirteen fourteen']);
    expect(pieces.join(' ')).toBe(script);
    expect(splitScript('こんにちは世界', [4, 4]).join('')).toBe('こんにちは世界');
  });
});
