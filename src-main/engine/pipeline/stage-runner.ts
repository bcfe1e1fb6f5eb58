import { isTalkingPhotoError } from '../../../src-shared/errors.js';
import type { RenderProgress, RenderStage } from '../../../src-shared/render.js';
import type { RenderReport } from '../../../src-shared/report.js';
import type { Log } from '../logging/engine-log.js';
import { cancelled } from './cancellation.js';

/** Runs one stage of a render: its progress from 0 to 100, its time and its log line. */
export type RunStage = <T>(name: RenderStage, message: string, work: (progress: (percent: number) => void) => Promise<T>) => Promise<T>;

export interface StageRunner {
  run: RunStage;
  /** Each finished stage with its time, in the order they finished (a stage run twice is listed twice). */
  finished: RenderReport['stages'];
}

export interface StageRunnerOptions {
  log: Log;
  /** Aborted by the caller or by a failure alongside: a stage not yet started is not started. */
  aborted: AbortSignal;
  onProgress?: (progress: RenderProgress) => void;
}

export function stageRunner({ log, aborted, onProgress }: StageRunnerOptions): StageRunner {
  const finished: RenderReport['stages'] = [];
  const run: RunStage = async (name, message, work) => {
    if (aborted.aborted) throw cancelled();
    const t0 = performance.now();
    const progress = (percent: number): void => onProgress?.({ stage: name, percent: Math.min(100, Math.max(0, percent)), message });
    progress(0);
    let result;
    try {
      result = await work(progress);
    } catch (error) {
      log.warn('stage failed', { stage: name, durationMs: Math.round(performance.now() - t0), code: isTalkingPhotoError(error) ? error.code : 'UNEXPECTED' });
      throw error;
    }
    const durationMs = Math.round(performance.now() - t0);
    finished.push({ stage: name, durationMs });
    // As each stage ends, not with the report: a render that dies later still shows how far it got.
    log.info('stage finished', { stage: name, durationMs, ...memoryFigures() });
    progress(100);
    return result;
  };
  return { run, finished };
}

/** This process's memory as a stage ends, in MB: where a render's peak comes from (issue 15's ≤ 500 MB). */
function memoryFigures(): { rssMb: number; heapMb: number; buffersMb: number } {
  const m = process.memoryUsage();
  const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);
  return { rssMb: mb(m.rss), heapMb: mb(m.heapUsed), buffersMb: mb(m.arrayBuffers) };
}
