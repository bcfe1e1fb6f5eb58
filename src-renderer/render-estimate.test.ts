import { describe, expect, it } from 'vitest';
import { estimateVoiceSeconds, RenderEta } from '../src-main/queue/render-eta.js';
import { estimateRender, formatRoughDuration } from './render-estimate.js';

/** The window's copy of the queue's priors (the window cannot import main's code); it must not drift. */
describe('the estimate shown before Generate', () => {
  it('is free, and takes as long as the queue would first predict for its default render', () => {
    const eta = new RenderEta();
    for (const [script, platforms] of [
      ['Hello.', 0],
      ['Meet our new trail shoe, made for muddy mornings and long weekends.', 2],
      ['word '.repeat(400), 4],
    ] as const) {
      const estimate = estimateRender({ script, platforms, recording: false });
      const voiceSeconds = estimateVoiceSeconds(script.trim());
      const queue = eta.remainingMs({ voiceSeconds, width: 720, height: 1280, verify: true, platforms }, 'intake', 0);
      expect(estimate.costUsd).toBe(0);
      expect(estimate.voiceSeconds).toBeCloseTo(voiceSeconds, 5);
      expect(Math.abs(estimate.renderMs! - queue) / queue).toBeLessThan(0.02);
    }
  });

  it('has no time for a recording of unknown length or an empty script, and is still free', () => {
    expect(estimateRender({ script: 'Hi.', platforms: 1, recording: true })).toEqual({ costUsd: 0, voiceSeconds: null, renderMs: null });
    expect(estimateRender({ script: '  ', platforms: 1, recording: false }).renderMs).toBeNull();
  });

  it('rounds the way a person says it', () => {
    expect(formatRoughDuration(4000)).toBe('a few seconds');
    expect(formatRoughDuration(23_000)).toBe('about 25 s');
    expect(formatRoughDuration(150_000)).toBe('about 3 min');
  });
});
