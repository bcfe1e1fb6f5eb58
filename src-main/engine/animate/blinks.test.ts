import { describe, expect, it } from 'vitest';
import { BLINK_CLOSE_S, BLINK_HOLD_S, BLINK_OPEN_S, blinkShape, planBlinks } from './blinks.js';
import { seededRandom } from './motion-track.js';

const FPS = 30;

/** 1 while "speaking": 2.4 s phrases with 0.6 s pauses. */
function phrases(frames: number): Float32Array {
  return Float32Array.from({ length: frames }, (_, k) => ((k / FPS) % 3 < 2.4 ? 1 : 0));
}

describe('blink plan', () => {
  it('closes in 70–100 ms, stays shut a frame or two, and opens slower (150–200 ms)', () => {
    expect(BLINK_CLOSE_S).toBeGreaterThanOrEqual(0.07);
    expect(BLINK_CLOSE_S).toBeLessThanOrEqual(0.1);
    expect(BLINK_OPEN_S).toBeGreaterThanOrEqual(0.15);
    expect(BLINK_OPEN_S).toBeLessThanOrEqual(0.2);
    expect(BLINK_OPEN_S).toBeGreaterThan(BLINK_CLOSE_S * 1.5);
    // Sampled at 30 fps around a blink's middle: one or two frames fully shut.
    const shut = Array.from({ length: 20 }, (_, j) => blinkShape((j - 5) / FPS)).filter((v) => v === 1).length;
    expect(shut).toBeGreaterThanOrEqual(1);
    expect(shut).toBeLessThanOrEqual(2);
    expect(blinkShape(-BLINK_CLOSE_S)).toBe(0);
    expect(blinkShape(BLINK_HOLD_S + BLINK_OPEN_S)).toBe(0);
  });

  it('blinks 10–25 times a minute at the default rate, with some double and some half blinks', () => {
    const frames = 10 * 60 * FPS;
    const plan = planBlinks(frames, FPS, 16, phrases(frames), seededRandom(7));
    const perMinute = plan.blinkFrames.length / 10;
    expect(perMinute).toBeGreaterThanOrEqual(10);
    expect(perMinute).toBeLessThanOrEqual(25);
    const doubles = plan.blinkFrames.filter((k, i) => i > 0 && k - plan.blinkFrames[i - 1]! < 0.5 * FPS).length;
    expect(doubles).toBeGreaterThanOrEqual(3);
    expect(plan.halfBlinkFrames.length).toBeGreaterThanOrEqual(3);
    for (const k of plan.blinkFrames) expect(plan.blink[k]).toBe(1);
    for (const k of plan.halfBlinkFrames) {
      expect(plan.blinkFrames).not.toContain(k);
      expect(plan.blink[k]).toBeGreaterThanOrEqual(0.15);
      expect(plan.blink[k]).toBeLessThanOrEqual(0.25);
    }
  });

  it('never gives a short clip more closures than its rate asks for, double blinks included', () => {
    // 11.6 s at 16 a minute (the talking-targets clips): 3 closures; a double blink used to make it 4 or 5 (25.9 a minute).
    const frames = Math.round(11.6 * FPS);
    for (let seed = 1; seed <= 200; seed++) {
      const plan = planBlinks(frames, FPS, 16, phrases(frames), seededRandom(seed));
      expect(plan.blinkFrames.length).toBeLessThanOrEqual(Math.round(((11.6 - 0.3) * 16) / 60));
    }
  });

  it('moves blinks into the pauses of the voice', () => {
    const frames = 10 * 60 * FPS;
    const speaking = phrases(frames);
    const plan = planBlinks(frames, FPS, 16, speaking, seededRandom(11));
    const first = plan.blinkFrames.filter((k, i) => i === 0 || k - plan.blinkFrames[i - 1]! >= 0.5 * FPS);
    const inPause = first.filter((k) => speaking[k] === 0).length / first.length;
    // Pauses are a fifth of the time; most blinks land in one.
    expect(inPause).toBeGreaterThan(0.5);
  });

  it('plans nothing at rate 0', () => {
    const plan = planBlinks(600, FPS, 0, phrases(600), seededRandom(1));
    expect(plan.blinkFrames).toHaveLength(0);
    expect(plan.halfBlinkFrames).toHaveLength(0);
    expect(Math.max(...plan.blink)).toBe(0);
  });
});
