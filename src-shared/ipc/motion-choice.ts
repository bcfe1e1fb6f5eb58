import { z } from 'zod';
import { MOODS, MOTION_RANGES, type MotionChoice } from '../motion-controls.js';

/**
 * The motion controls a creator set, and only those (the others stay the engine's to
 * choose, so the quality gate may still adjust them: quality-gate.ts `planRetry`). Carried
 * by the Create form's draft, `jobs:enqueue` and the preview.
 */
const control = (range: { min: number; max: number }) => z.number().min(range.min).max(range.max).optional();

export const MotionChoiceSchema = z.strictObject({
  expressiveness: control(MOTION_RANGES.expressiveness),
  headMotion: control(MOTION_RANGES.headMotion),
  blinkRate: control(MOTION_RANGES.blinkRate),
  mood: z.enum(MOODS).optional(),
});

// The schema and the plain type the window uses must agree both ways.
const _schemaFitsChoice = (choice: z.output<typeof MotionChoiceSchema>): MotionChoice => choice;
const _choiceFitsSchema = (choice: MotionChoice): z.input<typeof MotionChoiceSchema> => choice;
void _schemaFitsChoice;
void _choiceFitsSchema;
