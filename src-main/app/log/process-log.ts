import { useProcessLog } from '../../engine/logging/engine-log.js';
import { createLogger, type FileLog, type LoggerOptions } from './logger.js';

/**
 * The process's logger, for modules that no front door hands one to (the pipeline, the
 * queue, workers). Each door opens it once at start; the engine's `moduleLog` then
 * writes through it (src-main/engine/logging/engine-log.ts keeps the current one, so the
 * engine never imports the app's pino logger).
 */

export { moduleLog, useProcessLog } from '../../engine/logging/engine-log.js';

export function openProcessLog(options: LoggerOptions): FileLog {
  const log = createLogger(options);
  useProcessLog(log);
  return log;
}
