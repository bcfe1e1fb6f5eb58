import { describe, expect, it } from 'vitest';
import { estimateVoiceSeconds, RenderEta } from './render-eta.js';

const shape = { voiceSeconds: 10, width: 720, height: 1280, verify: false };

describe('render ETA', () => {
  it('scales with clip length and frame size before any history', () => {
    const eta = new RenderEta();
    const short = eta.remainingMs(shape, 'intake', 0);
    const long = eta.remainingMs({ ...shape, voiceSeconds: 60 }, 'intake', 0);
    const big = eta.remainingMs({ ...shape, width: 1080, height: 1920 }, 'intake', 0);
    expect(long).toBeGreaterThan(short * 3);
    expect(big).toBeGreaterThan(short);
  });

  it('learns that this machine is slower than the priors', () => {
    const eta = new RenderEta();
    const before = eta.stageMs('animate', shape);
    eta.learn({ stages: [{ stage: 'animate', durationMs: before * 3 }], voiceSeconds: 10, width: 720, height: 1280 });
    expect(eta.stageMs('animate', shape)).toBeCloseTo(before * 3, 0);
  });

  it('counts down as a stage progresses; without the face-mesh check only the quick file check is left', () => {
    const eta = new RenderEta();
    expect(eta.remainingMs(shape, 'animate', 90)).toBeLessThan(eta.remainingMs(shape, 'animate', 10));
    expect(eta.remainingMs({ ...shape, verify: true }, 'animate', 0)).toBeGreaterThan(eta.remainingMs(shape, 'animate', 0));
    const fileCheck = eta.remainingMs(shape, 'animate', 100);
    expect(fileCheck).toBeGreaterThan(0);
    expect(fileCheck).toBeLessThan(eta.stageMs('verify', { ...shape, verify: true }) / 5);
    expect(eta.remainingMs(shape, 'verify', 100)).toBe(0);
  });

  it('guesses speech length from the script', () => {
    expect(estimateVoiceSeconds('a'.repeat(140))).toBeCloseTo(10);
  });
});
