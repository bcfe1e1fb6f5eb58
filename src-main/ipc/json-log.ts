/**
 * A JSON-lines logger for the front doors (Electron main, the host) until the shared
 * logger with rotation and redaction lands; callers already use its shape, so switching
 * is a one-line change where each door creates it.
 */

export type LogFields = Record<string, unknown>;

export interface Log {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** One line per event on stderr: the host keeps stdout for the URL it prints. */
export function jsonLineLog(module: string, write: (line: string) => void = (line) => process.stderr.write(line)): Log {
  const at =
    (level: 'info' | 'warn' | 'error') =>
    (msg: string, fields: LogFields = {}): void =>
      write(`${JSON.stringify({ time: new Date().toISOString(), level, module, msg, ...fields })}\n`);
  return { info: at('info'), warn: at('warn'), error: at('error') };
}

export const silentLog: Log = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The stack for the log (never for the window). */
export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
