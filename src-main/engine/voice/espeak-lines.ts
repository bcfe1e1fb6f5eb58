/**
 * What espeak-worker.mjs prints on stdout, read without side effects: one JSON object a
 * line (its header comment states the protocol). espeak-process.ts feeds the child's
 * stdout through `LineReader` and acts on each `readWorkerLine`.
 */

/**
 * One of eSpeak's synthesis events inside a clause: `ms` is the audio position in the
 * clause's WAV, `pos` the 0-based code point index in the clause text as sent.
 */
export type EspeakEvent =
  | { type: 'word'; ms: number; pos: number; len: number }
  /** `ipa` as eSpeak writes it, stress marks included; '' is a pause. */
  | { type: 'phoneme'; ms: number; pos: number; ipa: string }
  | { type: 'end'; ms: number };

export interface EspeakClauseResult {
  index: number;
  wav: string;
  ipa: string;
  ms: number;
  events: EspeakEvent[];
}

export type WorkerLine =
  | { type: 'ready'; version?: string; compileMs: number }
  | ({ type: 'clause' } & EspeakClauseResult)
  | { type: 'done'; totalMs: number }
  | { type: 'error'; message: string }
  /** Not the protocol: a crash's stack trace or a stray print. */
  | { type: 'garbled'; text: string };

export function isEspeakEvent(value: unknown): value is EspeakEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  if (typeof event.ms !== 'number' || !Number.isFinite(event.ms)) return false;
  if (event.type === 'end') return true;
  if (typeof event.pos !== 'number') return false;
  return event.type === 'word' ? typeof event.len === 'number' : event.type === 'phoneme' && typeof event.ipa === 'string';
}

/** One stdout line as the worker meant it; undefined for a blank line or a message of no known type. Malformed events are dropped, not fatal. */
export function readWorkerLine(line: string): WorkerLine | undefined {
  if (!line.trim()) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { type: 'garbled', text: line.slice(0, 200) };
  }
  // JSON that is not one of ours (a number, a newer worker's message) is passed over, as it always was.
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const message = parsed as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
      return { type: 'ready', version: typeof message.version === 'string' ? message.version : undefined, compileMs: Number(message.compileMs) };
    case 'clause':
      return {
        type: 'clause',
        index: message.index as number,
        wav: message.wav as string,
        ipa: message.ipa as string,
        ms: message.ms as number,
        events: Array.isArray(message.events) ? message.events.filter(isEspeakEvent) : [],
      };
    case 'done':
      return { type: 'done', totalMs: Number(message.totalMs) };
    case 'error':
      return { type: 'error', message: String(message.message) };
    default:
      return undefined;
  }
}

/** Splits a stream's text into whole lines; a line cut across two chunks is joined first. */
export class LineReader {
  private pending = '';

  /** The lines this chunk completes. */
  push(chunk: string): string[] {
    this.pending += chunk;
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    return lines;
  }

  /** Whatever is left once the stream has ended (a last line without its newline). */
  end(): string[] {
    const rest = this.pending;
    this.pending = '';
    return rest ? [rest] : [];
  }
}
