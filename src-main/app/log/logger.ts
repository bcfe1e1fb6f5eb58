import { createRequire } from 'node:module';
import type { Logger as PinoLogger } from 'pino';
import { dataFolder } from '../library/data-folder.js';
import { createRedactor } from './log-redaction.js';
import { logFile, logsFolder } from './log-paths.js';
import { readableLine } from './readable-line.js';
import { RotatingFile } from './rotating-file.js';

/**
 * The one logger of every process: Electron main, the headless host, the render processes
 * and `tp`. pino makes the JSON lines; they go, synchronously and redacted
 * (log-redaction.ts), into `<data folder>/logs/talkingphoto.log` (rotating-file.ts) and,
 * where the process has a terminal worth writing to, to stderr.
 *
 * No pino transport: transports run in a worker thread, which would lose the last lines
 * of a render process that crashes, and each process writes the shared file itself
 * (rotating-file.ts says why that is safe), so a render's lines survive its parent too.
 */

export { describeError, silentLog, type Log, type LogFields } from '../../engine/logging/engine-log.js';
import type { Log, LogFields } from '../../engine/logging/engine-log.js';

// Required, not imported: Node's export lexer would read pino's sources in every process (engine/media/sharp.ts says why that costs).
const { pino, stdTimeFunctions } = createRequire(import.meta.url)('pino') as typeof import('pino');

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Which process wrote a line (each line also carries its pid). */
export type LogProcess = 'main' | 'host' | 'cli' | 'render';

export interface LoggerOptions {
  process: LogProcess;
  /** The data folder whose `logs/` holds the file; TALKINGPHOTO_DATA_DIR or the OS's by default. */
  dataDir?: string;
  /**
   * The same lines on stderr: `json` for the host (its stderr is a log already),
   * `readable` for `tp --verbose`, or a writer of one's own (tests).
   */
  echo?: 'json' | 'readable' | ((line: string) => void);
  /** Least level written; TALKINGPHOTO_LOG_LEVEL or `info`. */
  level?: LogLevel;
  /** Rotation (rotating-file.ts): 5 MB a file, 5 files by default. */
  maxBytes?: number;
  keep?: number;
  /** The home folder the lines must not show (the user's own by default). */
  home?: string;
}

export interface FileLog extends Log {
  /** The file this process appends to. */
  readonly file: string;
  readonly folder: string;
}

function logLevelFrom(value: string | undefined): LogLevel {
  const wanted = value?.trim().toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(wanted ?? '') ? (wanted as LogLevel) : 'info';
}

/** An Error as a log field: its type, message, code and stack (never `{}`). */
function errorField(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const code = (value as { code?: unknown }).code;
  return { type: value.name, message: value.message, ...(code !== undefined ? { code } : {}), stack: value.stack };
}

function wrap(logger: PinoLogger): Log {
  const at =
    (level: LogLevel) =>
    (msg: string, fields?: LogFields): void => {
      if (fields && Object.keys(fields).length > 0) logger[level](fields, msg);
      else logger[level](msg);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (bindings) => wrap(logger.child(bindings)) };
}

export function createLogger(options: LoggerOptions): FileLog {
  const dataDir = options.dataDir ?? dataFolder();
  const redactor = createRedactor(options.home !== undefined ? { home: options.home } : {});
  const file = new RotatingFile({
    file: logFile(dataDir),
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    ...(options.keep !== undefined ? { keep: options.keep } : {}),
    onFailure: (error) => process.stderr.write(`TalkingPhoto cannot write its log in ${logsFolder(dataDir)}: ${redactor.text(String(error))}\n`),
  });
  const echo = options.echo === 'json' ? (line: string) => process.stderr.write(line) : options.echo === 'readable' ? (line: string) => process.stderr.write(readableLine(line)) : options.echo;
  const sink = {
    write(line: string): void {
      const safe = redactor.line(line);
      file.write(safe);
      echo?.(safe);
    },
  };
  const logger = pino(
    {
      level: options.level ?? logLevelFrom(process.env.TALKINGPHOTO_LOG_LEVEL),
      // No hostname: a computer's name is often its owner's.
      base: { proc: options.process, pid: process.pid },
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { error: errorField, err: errorField },
    },
    sink,
  );
  return Object.assign(wrap(logger), { file: file.file, folder: logsFolder(dataDir) });
}
