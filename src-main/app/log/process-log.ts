import { createLogger, silentLog, type FileLog, type Log, type LogFields, type LoggerOptions } from './logger.js';

/**
 * The process's logger, for engine modules that no front door hands one to (the
 * pipeline, the queue, workers). Each door opens it once at start (`openProcessLog`);
 * until then, and in tests that open none, modules log nowhere rather than into a
 * data folder nobody chose.
 */

let current: Log = silentLog;

export function openProcessLog(options: LoggerOptions): FileLog {
  const log = createLogger(options);
  current = log;
  return log;
}

/** Makes `log` the process's logger (a test's memory log, a door's own). */
export function useProcessLog(log: Log): void {
  current = log;
}

/**
 * A module's logger, bound to whichever process logger is open when a line is written,
 * so a module may create it at import time, before its door has opened the log.
 */
export function moduleLog(module: string, bindings: LogFields = {}): Log {
  let boundTo: Log | undefined;
  let bound: Log = silentLog;
  const target = (): Log => {
    if (boundTo !== current) {
      boundTo = current;
      bound = current.child({ module, ...bindings });
    }
    return bound;
  };
  return {
    debug: (msg, fields) => target().debug(msg, fields),
    info: (msg, fields) => target().info(msg, fields),
    warn: (msg, fields) => target().warn(msg, fields),
    error: (msg, fields) => target().error(msg, fields),
    child: (more) => moduleLog(module, { ...bindings, ...more }),
  };
}
