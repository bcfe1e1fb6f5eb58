import { rename, rm } from 'node:fs/promises';
import { mediaTools, SAFE_INPUT_FLAGS } from '../media/ffmpeg.js';
import { runProcess } from '../media/run-process.js';
import { measureFileLoudness } from './audio-normalize.js';

/**
 * The last word on "never clip" for a recording: the normaliser's limiter holds sample
 * peaks at −1.5 dBFS, but between samples a hot, bright take still rose to −0.8 dBTP (a
 * cleaned AAC voice memo that was at +1.4 dBFS before). Such a file is turned down by
 * what it is over, plus a little, so it meets −1 dBTP; a few tenths of a dB of loudness
 * are the price.
 */

export const MAX_TRUE_PEAK_DBTP = -1;
/** ebur128's 4× oversampled true peak reads to about 0.1 dB. */
const MARGIN_DB = 0.1;

/**
 * Measures `wavPath` (48 kHz mono s16, as the normaliser writes it) and, above the
 * ceiling, rewrites it turned down; `samples` (the same sound at 16 kHz) are scaled alike.
 * Answers the gain applied in dB (0 when none was needed) and the file's true peak after it.
 * `knownTruePeak`: the normaliser's own ebur128 reading of the sound it wrote (the same
 * samples before their 16-bit rounding, within 0.001 dB), so the file is not decoded again.
 */
export async function holdTruePeak(wavPath: string, samples: Float32Array, signal?: AbortSignal, knownTruePeak?: number): Promise<{ gainDb: number; truePeakDbtp: number }> {
  const truePeak = knownTruePeak !== undefined && Number.isFinite(knownTruePeak) ? knownTruePeak : (await measureFileLoudness(wavPath, { signal })).truePeak;
  if (!Number.isFinite(truePeak) || truePeak <= MAX_TRUE_PEAK_DBTP) return { gainDb: 0, truePeakDbtp: truePeak };
  const gainDb = MAX_TRUE_PEAK_DBTP - MARGIN_DB - truePeak;
  const partial = `${wavPath}.partial.wav`;
  const result = await runProcess(
    mediaTools().ffmpeg.path,
    [...SAFE_INPUT_FLAGS, '-v', 'error', '-y', '-i', wavPath, '-af', `volume=${gainDb.toFixed(2)}dB`, '-map_metadata', '-1', '-c:a', 'pcm_s16le', '-ar', '48000', '-ac', '1', partial],
    { signal },
  );
  if (result.code !== 0) {
    await rm(partial, { force: true });
    throw new Error(`ffmpeg could not turn ${wavPath} down under ${MAX_TRUE_PEAK_DBTP} dBTP: ${result.stderr.trim().slice(-500)}`);
  }
  await rename(partial, wavPath);
  const scale = 10 ** (gainDb / 20);
  for (let i = 0; i < samples.length; i += 1) samples[i] = samples[i]! * scale;
  return { gainDb, truePeakDbtp: truePeak + gainDb };
}
