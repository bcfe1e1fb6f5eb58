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
    expect(fileCheck).toBeLessThan(eta.stageMs('verify', { ...shape, verify: true }) / 3);
    expect(eta.remainingMs(shape, 'verify', 100)).toBe(0);
  });

  it('guesses speech length from the script within 5 % of what eSpeak speaks', () => {
    // 255 characters that eSpeak's English voice spoke in 14.74 s (tts.ts, lead-in and tail included).
    const script =
      'Thanks for watching. Today I will show you how to turn one photo into a video that talks, with captions and a cover for every platform, ' +
      'all made on your own computer. No upload, no waiting in a queue, and nothing leaves your machine unless you want it to.';
    expect(Math.abs(estimateVoiceSeconds(script) - 14.74) / 14.74).toBeLessThan(0.05);
  });

  it('counts stages that run side by side once, and never jumps up when they report in turns', () => {
    const eta = new RenderEta();
    const verified = { ...shape, verify: true, platforms: 3 };
    const sum = (['intake', 'face', 'enhance', 'voice', 'animate', 'verify', 'kit'] as const).reduce((total, stage) => total + eta.stageMs(stage, verified), 0);
    const left = eta.progress(verified);
    const start = left.remainingMs();
    // The voice beside the photo: the start is under the plain sum by the shorter of the two, less the time outside the stages.
    const photo = eta.stageMs('intake', verified) + eta.stageMs('face', verified) + eta.stageMs('enhance', verified);
    expect(start).toBeLessThan(sum - Math.min(photo, eta.stageMs('voice', verified)) + eta.outsideMs() + 1);
    const events = [
      ['intake', 0],
      ['voice', 0],
      ['intake', 100],
      ['face', 0],
      ['voice', 40],
      ['face', 100],
      ['enhance', 0],
      ['enhance', 100],
      ['voice', 100],
      ['animate', 0],
      ['animate', 50],
      ['animate', 100],
      ['verify', 0],
      ['kit', 0],
      ['verify', 60],
      ['kit', 50],
      ['kit', 100],
      ['verify', 100],
    ] as const;
    let previous = start;
    for (const [stage, percent] of events) {
      const now = left.update(stage, percent);
      expect(now).toBeLessThanOrEqual(previous + 1e-6);
      previous = now;
    }
    expect(previous).toBe(0);
  });

  it('learns the time outside the stages from past renders’ wall time', () => {
    const eta = new RenderEta();
    const stages = [
      { stage: 'intake' as const, durationMs: 50 },
      { stage: 'face' as const, durationMs: 450 },
      { stage: 'enhance' as const, durationMs: 400 },
      { stage: 'voice' as const, durationMs: 1200 },
      { stage: 'animate' as const, durationMs: 2000 },
      { stage: 'verify' as const, durationMs: 500 },
    ];
    // Longest path 1200 + 2000 + 500 = 3700; the render took 5200: 1500 outside the stages.
    eta.learn({ stages, voiceSeconds: 10, width: 720, height: 1280, verified: false, totalMs: 5200 });
    expect(eta.outsideMs()).toBe(1500);
    expect(eta.totalMs(shape)).toBeCloseTo(5200, -2);
  });

  it('caps the frame check at the seconds it judges, while the other stages grow with the clip', () => {
    const eta = new RenderEta();
    const verified = { ...shape, verify: true };
    const at = (seconds: number, stage: 'verify' | 'animate') => eta.stageMs(stage, { ...verified, voiceSeconds: seconds });
    // 60 s against 20 s: the animation triples; the check meshes only its first 20 s, and
    // only the file check reads the rest (uncapped, the check would grow 2.8 times).
    expect(at(60, 'animate') / at(20, 'animate')).toBeGreaterThan(2.5);
    expect(at(60, 'verify') / at(20, 'verify')).toBeLessThan(2);
  });
});
