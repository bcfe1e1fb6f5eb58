/**
 * The creator's motion controls (issue 17) as plain data both sides use: the Create form's
 * sliders, `tp batch`'s columns and the preview. No zod here: the renderer imports it at
 * run time. The ranges and defaults are MotionSettingsSchema's (src-shared/render.ts);
 * motion-controls.test.ts holds the two to each other.
 */

export const MOODS = ['neutral', 'warm', 'serious'] as const;
export type Mood = (typeof MOODS)[number];

export interface MotionChoice {
  expressiveness?: number;
  headMotion?: number;
  blinkRate?: number;
  mood?: Mood;
}
export type MotionValues = Required<MotionChoice>;
export type NumericMotionControl = 'expressiveness' | 'headMotion' | 'blinkRate';

/** What a render uses for a control the creator left alone. */
export const DEFAULT_MOTION: MotionValues = { expressiveness: 1, headMotion: 1, blinkRate: 16, mood: 'neutral' };

/**
 * Each slider's range and step. Blinks: people blink about 10–25 times a minute while
 * talking, so 60 is already a flutter; steps of 0.1 on the 0–2 scales are the smallest
 * difference a 3 s preview shows.
 */
export const MOTION_RANGES: Record<NumericMotionControl, { min: number; max: number; step: number }> = {
  expressiveness: { min: 0, max: 2, step: 0.1 },
  headMotion: { min: 0, max: 2, step: 0.1 },
  blinkRate: { min: 0, max: 60, step: 1 },
};

export const isMood = (value: unknown): value is Mood => typeof value === 'string' && (MOODS as readonly string[]).includes(value);

/** Every control's value: the creator's where chosen, the default elsewhere. */
export function motionValues(choice: MotionChoice | undefined): MotionValues {
  return { ...DEFAULT_MOTION, ...withoutUndefined(choice ?? {}) };
}

/** True when the creator chose nothing (the engine decides every control). */
export const choseNothing = (choice: MotionChoice | undefined): boolean => Object.keys(withoutUndefined(choice ?? {})).length === 0;

function withoutUndefined(choice: MotionChoice): MotionChoice {
  return Object.fromEntries(Object.entries(choice).filter(([, value]) => value !== undefined)) as MotionChoice;
}

/** A short, fast render of the chosen motion: long enough for a blink and a nod, short enough to try again at once. */
export const MOTION_PREVIEW = {
  seconds: 3,
  /** Half the default 720×1280 frame: the form shows it at about this size. */
  width: 360,
  height: 640,
  /** A blink's closed frames still land at 20 fps (a blink lasts 100–150 ms); below that they go missing. */
  fps: 20,
} as const;
/** The most script text the window sends for a preview; main takes the first few seconds of words from it. */
export const MAX_MOTION_PREVIEW_TEXT_CHARS = 200;
