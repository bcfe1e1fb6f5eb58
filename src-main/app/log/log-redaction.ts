import os from 'node:os';

/**
 * What the log never keeps: keys, tokens, passwords, email addresses and the creator's
 * home folder. Applied by the logger itself to every line just before it is written, so
 * no caller has to remember (STYLE.md, Logging), and a diagnostics bundle made from the
 * log folder is safe to attach to a public bug report.
 */

export const REDACTED = '[redacted]';
export const REDACTED_EMAIL = '[email]';

/**
 * Field names whose value is a secret whatever it looks like (an ElevenLabs key is 32
 * bare hex digits: only its name gives it away). Compared without case, `_` or `-`:
 * `apiKey`, `api_key`, `X-Api-Key`, `stripeSecret`, `refresh_token`, `Authorization`.
 */
const SECRET_NAME = /(?:keys?|tokens?|secrets?|password|passwd|passphrase|authorization|cookies?|credentials?|signature)$/u;
/** Names that end like a secret's but name something harmless the log needs. */
const HARMLESS_NAMES: ReadonlySet<string> = new Set(['sortkey', 'cachekey', 'idempotencykey']);

function isSecretName(name: string): boolean {
  const bare = name.toLowerCase().replace(/[-_\s]/gu, '');
  return !HARMLESS_NAMES.has(bare) && SECRET_NAME.test(bare);
}

/**
 * Secrets recognised by their shape wherever they appear (a message, an error's stack, a
 * URL). Each pattern is the provider's documented key prefix.
 */
const SECRET_VALUES: ReadonlyArray<[RegExp, string]> = [
  // "Bearer <token>" and "Basic <base64>" in an Authorization header copied into a message.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gu, `$1 ${REDACTED}`],
  // JSON Web Tokens: three base64url parts, the first always a JSON object ("eyJ").
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/gu, REDACTED],
  // Stripe: secret, restricted and publishable keys, webhook signing secrets.
  [/\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{8,}/gu, REDACTED],
  [/\bwhsec_[A-Za-z0-9+/=]{8,}/gu, REDACTED],
  [/\brk_[A-Za-z0-9_]{8,}/gu, REDACTED],
  // OpenAI and Anthropic style (sk-..., sk-proj-..., sk-ant-...).
  [/\bsk-[A-Za-z0-9_-]{8,}/gu, REDACTED],
  // Google API keys, GitHub tokens, AWS access key ids, Slack tokens.
  [/\bAIza[0-9A-Za-z_-]{30,}/gu, REDACTED],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/gu, REDACTED],
  [/\bAKIA[0-9A-Z]{16}\b/gu, REDACTED],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/gu, REDACTED],
  // Secrets in a URL's query (?key=…&access_token=…) and credentials before its host.
  [/([?&](?:api[_-]?key|key|token|access[_-]?token|refresh[_-]?token|secret|signature|sig|password|auth)=)[^&#\s"']+/giu, `$1${REDACTED}`],
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@"']+:[^/\s@"']+@/giu, `$1${REDACTED}@`],
  // "apiKey: …", "xi-api-key=…", "password: …" written into a message or an error's text.
  [
    /\b((?:x-|xi-)?api[-_]?key|access[-_]?token|refresh[-_]?token|auth[-_]?token|client[-_]?secret|secret|password|passwd|token)(["']?\s*[:=]\s*["']?)(?!\[redacted\])[^\s"',;&]{4,}/giu,
    `$1$2${REDACTED}`,
  ],
];

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/gu;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** The home folder as it appears in paths, on this OS: `/home/maya`, `C:\Users\Maya` (also with `/`). */
function homePattern(home: string, platform: NodeJS.Platform): RegExp | undefined {
  const trimmed = home.replace(/[\\/]+$/u, '');
  // A home of "/" or "C:" would turn every path into "~": nothing personal to hide there.
  if (trimmed.length < 3) return undefined;
  const forms = new Set([trimmed, trimmed.replace(/\\/gu, '/')]);
  const alternatives = [...forms].map(escapeRegExp).join('|');
  // Only the whole folder: /home/al is not the start of /home/alice.
  return new RegExp(`(?:${alternatives})(?=[\\\\/]|$|[^A-Za-z0-9._-])`, platform === 'win32' || platform === 'darwin' ? 'giu' : 'gu');
}

export interface Redactor {
  /** A string with every secret, email and the home folder replaced. */
  text(value: string): string;
  /** A copy of a log record with secret fields and secret-looking strings replaced, at any depth. */
  value(value: unknown): unknown;
  /** One serialized JSON line (or any text line) as it may be written. */
  line(line: string): string;
}

export function createRedactor(options: { home?: string; platform?: NodeJS.Platform } = {}): Redactor {
  const home = homePattern(options.home ?? os.homedir(), options.platform ?? process.platform);
  const text = (input: string): string => {
    let out = input;
    for (const [pattern, replacement] of SECRET_VALUES) out = out.replace(pattern, replacement);
    out = out.replace(EMAIL, REDACTED_EMAIL);
    return home ? out.replace(home, '~') : out;
  };
  const value = (input: unknown, depth = 0): unknown => {
    if (typeof input === 'string') return text(input);
    if (input === null || typeof input !== 'object') return input;
    // A record deeper than this is a bug's data structure, not a log field.
    if (depth > 12) return '[deep]';
    if (Array.isArray(input)) return input.map((item) => value(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(input)) {
      out[text(name)] = isSecretName(name) && field !== null && typeof field !== 'boolean' && field !== undefined ? REDACTED : value(field, depth + 1);
    }
    return out;
  };
  return {
    text,
    value: (input) => value(input),
    line: (input) => {
      const newline = input.endsWith('\n') ? '\n' : '';
      const body = newline ? input.slice(0, -1) : input;
      try {
        return JSON.stringify(value(JSON.parse(body))) + newline;
      } catch {
        // Not JSON (a stray text line): the patterns still apply.
        return text(body) + newline;
      }
    },
  };
}
