/**
 * The last word on "never clip" for a voice: the normaliser's limiter holds sample
 * peaks at −1.5 dBFS, but between samples a hot, bright take still rose to −0.8 dBTP (a
 * cleaned AAC voice memo that was at +1.4 dBFS before), and eSpeak's English to −0.8 dBTP.
 * Such a voice is turned down by what it is over, plus a little, so it meets −1 dBTP; a
 * few tenths of a dB of loudness are the price. audio-normalize.ts applies it to the
 * samples before the WAV is written, so the file is never decoded again to check it.
 */

/** −1 dBTP leaves room for AAC encoding overshoot (platform delivery guidance). */
export const MAX_TRUE_PEAK_DBTP = -1;
/** ffmpeg's ebur128, the independent check, reads true peak to about 0.1 dB. */
export const TRUE_PEAK_MARGIN_DB = 0.1;

/** The gain (dB, ≤ 0) that brings a voice whose true peak is `truePeakDbtp` under the ceiling; 0 when it already is. */
export function truePeakTurnDownDb(truePeakDbtp: number): number {
  if (!Number.isFinite(truePeakDbtp) || truePeakDbtp <= MAX_TRUE_PEAK_DBTP) return 0;
  return MAX_TRUE_PEAK_DBTP - TRUE_PEAK_MARGIN_DB - truePeakDbtp;
}
