import { setImmediate as nextTurn } from 'node:timers/promises';
import createRnnoise from '@echogarden/rnnoise-wasm';
import { cancelled } from '../pipeline/cancellation.js';

/**
 * Xiph's RNNoise (a small recurrent network trained on speech against room, street and
 * fan noise) run from its wasm build, in plain Node. It works on 48 kHz mono in frames of
 * 480 samples, on sample values in the 16-bit range, and hands each frame back one frame
 * late (its analysis window overlaps the next frame): the delay is taken off here, so the
 * cleaned voice lines up sample for sample with the recording, and with the lips.
 */

export const RNNOISE_SAMPLE_RATE = 48000;
const FRAME = 480;
/** 2 s of audio: about 50 ms of CPU on the shared two cores (10 s took 0.25 s), the longest the main thread is kept from other work here. */
const TURN_FRAMES = 200;
/** RNNoise's own scale: floats holding 16-bit sample values. */
const INT16_SCALE = 32768;

interface RnnoiseModule {
  HEAPF32: Float32Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  _rnnoise_create(model: number): number;
  _rnnoise_destroy(state: number): void;
  _rnnoise_get_frame_size(): number;
  _rnnoise_process_frame(state: number, output: number, input: number): number;
}

let loading: Promise<RnnoiseModule> | undefined;

function rnnoiseModule(): Promise<RnnoiseModule> {
  loading ??= (createRnnoise as unknown as () => Promise<RnnoiseModule>)().then((module) => {
    const size = module._rnnoise_get_frame_size();
    if (size !== FRAME) throw new Error(`RNNoise works in frames of ${size} samples, expected ${FRAME}`);
    return module;
  });
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

export interface DenoisedSpeech {
  samples: Float32Array;
  /** RNNoise's voice-activity probability for each 10 ms frame (0–1). */
  speechProbability: Float32Array;
}

/**
 * `samples` (48 kHz mono, −1…1) with the noise taken out. Each call has its own network
 * state, so two recordings never share what the network learned of their noise.
 */
export async function suppressNoise(samples: Float32Array, signal?: AbortSignal): Promise<DenoisedSpeech> {
  const module = await rnnoiseModule();
  const state = module._rnnoise_create(0);
  const buffer = module._malloc(FRAME * 4);
  // One frame more than the input, so the last real frame also comes out of the delay line.
  const frames = Math.ceil(samples.length / FRAME) + 1;
  const out = new Float32Array(samples.length);
  const speechProbability = new Float32Array(frames - 1);
  try {
    for (let f = 0; f < frames; f += 1) {
      if (f % TURN_FRAMES === 0) {
        // A turn for the rest of the event loop: the photo's threads wait on it to be handed
        // their next step (a render cleans the voice while the face is found and the photo enhanced).
        if (f > 0) await nextTurn();
        if (signal?.aborted) throw cancelled();
      }
      // HEAPF32 is read afresh each frame: a memory growth would replace it.
      const at = buffer >> 2;
      const heap = module.HEAPF32;
      for (let i = 0; i < FRAME; i += 1) heap[at + i] = (samples[f * FRAME + i] ?? 0) * INT16_SCALE;
      const vad = module._rnnoise_process_frame(state, buffer, buffer);
      if (f >= 1) {
        speechProbability[f - 1] = vad;
        const start = (f - 1) * FRAME;
        const result = module.HEAPF32;
        for (let i = 0; i < FRAME && start + i < out.length; i += 1) out[start + i] = (result[at + i] ?? 0) / INT16_SCALE;
      }
    }
  } finally {
    module._free(buffer);
    module._rnnoise_destroy(state);
  }
  return { samples: out, speechProbability };
}
