import { describe, expect, it } from 'vitest';
import { MotionChoiceSchema } from './ipc/motion-choice.js';
import { choseNothing, DEFAULT_MOTION, MOODS, MOTION_RANGES, motionValues } from './motion-controls.js';
import { MotionSettingsSchema } from './render.js';

describe('the motion controls both sides use', () => {
  it('have the render schema’s defaults, ranges and moods', () => {
    expect(MotionSettingsSchema.parse({})).toEqual(DEFAULT_MOTION);
    expect(MotionSettingsSchema.shape.mood.unwrap().options).toEqual([...MOODS]);
    for (const [control, { min, max }] of Object.entries(MOTION_RANGES)) {
      for (const [value, ok] of [
        [min, true],
        [max, true],
        [min - 0.01, false],
        [max + 0.01, false],
      ] as const) {
        expect(MotionSettingsSchema.safeParse({ [control]: value }).success, `${control} ${value}`).toBe(ok);
        expect(MotionChoiceSchema.safeParse({ [control]: value }).success, `${control} ${value}`).toBe(ok);
      }
    }
  });

  it('fill what the creator left alone with the defaults, and know when nothing was chosen', () => {
    expect(motionValues({ headMotion: 0, mood: 'warm' })).toEqual({ expressiveness: 1, headMotion: 0, blinkRate: 16, mood: 'warm' });
    expect(motionValues(undefined)).toEqual(DEFAULT_MOTION);
    expect(choseNothing({})).toBe(true);
    expect(choseNothing({ blinkRate: undefined })).toBe(true);
    expect(choseNothing({ blinkRate: 16 })).toBe(false);
  });

  it('refuse an unknown control in a choice rather than drop it', () => {
    expect(MotionChoiceSchema.safeParse({ headmotion: 0 }).success).toBe(false);
  });
});
