import { describe, expect, it } from 'vitest';
import { RNNOISE_SAMPLE_RATE, suppressNoise } from './rnnoise.js';

/** Seconds of a quiet noisy hum, the kind of take RNNoise works through in a render. */
function take(seconds: number): Float32Array {
  const samples = new Float32Array(seconds * RNNOISE_SAMPLE_RATE);
  let seed = 7;
  for (let i = 0; i < samples.length; i += 1) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    samples[i] = 0.2 * Math.sin((2 * Math.PI * 220 * i) / RNNOISE_SAMPLE_RATE) + 0.02 * (seed / 2 ** 31 - 0.5);
  }
  return samples;
}

describe('noise suppression', () => {
  it('gives the event loop turns while it works, so a render’s photo threads are not kept waiting for their next step', async () => {
    await suppressNoise(take(1)); // the wasm module loaded
    let finished = false;
    let turnDuringWork = false;
    setImmediate(() => (turnDuringWork = !finished));
    const { samples } = await suppressNoise(take(10));
    finished = true;
    expect(samples.length).toBe(10 * RNNOISE_SAMPLE_RATE);
    expect(turnDuringWork).toBe(true);
  });
});
