/**
 * The logging the engine sees: a `Log` interface and the process's current logger. The
 * engine never opens a log file (that is the app's, src-main/app/log/logger.ts, with pino,
 * rotation and redaction); a front door opens one at start and installs it here with
 * `useProcessLog`. Until then, and in tests that open none, engine modules log nowhere
 * rather than into a data folder nobody chose.
 */

export type LogFields = Record<string, unknown>;

export interface Log {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** One logger per module or job: `log.child({ module: 'queue' })`, `log.child({ jobId })`. */
  child(bindings: LogFields): Log;
}

const nothing = (): void => undefined;
export const silentLog: Log = { debug: nothing, info: nothing, warn: nothing, error: nothing, child: () => silentLog };

/** The stack for the log (never for the window). */
export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

let current: Log = silentLog;

/** Makes `log` the process's logger (a door's file log, a test's memory log). */
export function useProcessLog(log: Log): void {
  current = log;
}

/**
 * A module's logger, bound to whichever process logger is current when a line is written,
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
