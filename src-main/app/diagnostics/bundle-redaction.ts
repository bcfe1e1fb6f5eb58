import { createRedactor as createLogRedactor, REDACTED, REDACTED_EMAIL } from '../log/log-redaction.js';
import { redactSecrets } from '../../cloud/providers/provider-error.js';

/**
 * What the diagnostics bundle removes before anything goes into the zip. The logger's own
 * redactor runs first (provider and Stripe key shapes, JWTs, e-mails, the home folder);
 * on top of it the bundle removes every secret it knows by value (the environment's keys
 * and tokens, the stored licence token) and any long run of letters and digits shaped like
 * a key. Logs were redacted when written; they pass through here again, because a line
 * written by an older version, or one a rule missed then, must not leave the machine now.
 */

export { REDACTED };

/** Names of environment variables and JSON fields whose values are secrets. */
const SECRET_NAME = /(key|token|secret|password|passwd|credential|auth|cookie|session|dsn|private)/i;
/** Shorter values are flags and ports ("1", "true"); never a credential. */
const MIN_SECRET_CHARS = 6;
/** Job and project ids are UUIDs: useful in a bug report, and no secret. */
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
/** Marks a caller already put in place of a secret ("[set]": the variable is there, its value is not). */
const KEPT_MARKS = new Set([REDACTED, '[set]']);

/** Secrets found in an environment, by the variable's name. */
export function environmentSecrets(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && typeof value === 'string' && value.length >= MIN_SECRET_CHARS)
    .map(([, value]) => value!);
}

export interface Redactor {
  text(text: string): string;
  /** A log file's text, line by line: JSON lines get the logger's field-name rules too. */
  lines(text: string): string;
  /** A JSON value with secret-named fields emptied and every string redacted. */
  json(value: unknown): unknown;
}

export function makeRedactor(options: { secrets?: readonly string[]; home?: string } = {}): Redactor {
  // Longest first: a secret that contains another is replaced whole.
  const secrets = [...new Set(options.secrets ?? [])].filter((s) => s.length >= MIN_SECRET_CHARS).sort((a, b) => b.length - a.length);
  const log = createLogRedactor(options.home === undefined ? {} : { home: options.home });

  const text = (input: string): string => {
    let out = input;
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    out = log.text(out);
    // UUIDs would read as key-like: set aside while the key shapes run.
    const ids: string[] = [];
    out = out.replace(UUID, (id) => `\u0000${ids.push(id) - 1}\u0000`);
    out = redactSecrets(out, []);
    // eslint-disable-next-line no-control-regex -- NUL is the placeholder's fence: no log or report text holds one
    return out.replace(/\u0000(\d+)\u0000/g, (_, i: string) => ids[Number(i)] ?? REDACTED);
  };

  const json = (value: unknown, key = ''): unknown => {
    if (typeof value === 'string') {
      if (KEPT_MARKS.has(value)) return value;
      if (key !== '' && SECRET_NAME.test(key)) return REDACTED;
      return key === 'email' ? REDACTED_EMAIL : text(value);
    }
    if (Array.isArray(value)) return value.map((item) => json(item));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [text(k), json(v, k)]));
    return value;
  };

  const lines = (input: string): string =>
    input
      .split('\n')
      .map((line) => (line === '' ? line : text(log.line(line))))
      .join('\n');

  return { text, lines, json: (value) => json(value) };
}
