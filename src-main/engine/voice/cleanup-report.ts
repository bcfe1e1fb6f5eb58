import type { VoiceCleanupReport } from '../../../src-shared/report.js';
import type { CleanupReport } from './voice-cleanup.js';
import type { Voice } from './voice.js';

/**
 * report.json's account of the creator's own recording (issue 16): what the cleanup did
 * to it and where its loudness ended. A kept raw take and a take in which the noise
 * suppressor heard no speech (normalised as recorded) report the loudness step alone.
 */
export function recordingCleanupReport(voice: Voice & { cleanup?: CleanupReport }, rawKept: boolean): VoiceCleanupReport {
  const done = voice.cleanup;
  const figure = (value: number | undefined): number | null => (value !== undefined && Number.isFinite(value) ? Math.round(value * 10) / 10 : null);
  return {
    rawKept,
    applied: done !== undefined,
    highPassHz: done?.highPassHz ?? null,
    noiseReductionDb: done ? done.noiseReductionDb : null,
    noiseFloorDbfs: done ? { before: done.noiseFloorBeforeDbfs, after: done.noiseFloorAfterDbfs } : null,
    deEss: done ? { share: Math.round(done.deEssedShare * 1000) / 1000, maxReductionDb: done.deEssMaxDb } : null,
    speechShare: done ? Math.round(done.speechShare * 1000) / 1000 : null,
    loudness: {
      beforeLufs: figure(voice.loudness.inputLufs),
      afterLufs: figure(voice.loudness.outputLufs),
      truePeakAfterDbtp: figure(voice.loudness.truePeakDbtp),
    },
  };
}
