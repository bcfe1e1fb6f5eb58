import type { FastifyServerOptions } from 'fastify';

/**
 * Log lines are JSON on stderr (stdout is the service's URL, then printed mails). The logger
 * itself censors the fields that carry secrets or personal data, so a careless
 * `log.info({ body })` cannot leak them; routes still log ids and codes, never values.
 */
const SECRET_FIELDS = ['password', 'passwordHash', 'token', 'tokenHash', 'email', 'link', 'secret', 'authorization', 'stripe-signature', 'cookie'];

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["stripe-signature"]',
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => (field.includes('-') ? `*["${field}"]` : `*.${field}`)),
];

export function loggerOptions(level: string, stream: NodeJS.WritableStream = process.stderr): NonNullable<FastifyServerOptions['logger']> {
  return { level, stream, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
}

/**
 * An unexpected error as a log field, without the values it may carry: drizzle's query
 * errors append every bound parameter (password hashes, token hashes, emails) to their
 * message, and PostgreSQL's `detail` quotes row values. The query text, the driver's
 * message and code, and the stack stay: they are enough to find the bug.
 */
export function describeFailure(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const query = (error as { query?: unknown }).query;
  const message = typeof query === 'string' ? `Failed query: ${query}` : error.message;
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    message,
    ...(typeof code === 'string' ? { code } : {}),
    // Only the frames: a stack's first lines repeat the message, parameters and all.
    stack: error.stack
      ?.split('\n')
      .filter((line) => /^\s+at /.test(line))
      .join('\n'),
    ...(error.cause !== undefined && error.cause !== error ? { cause: describeFailure(error.cause) } : {}),
  };
}
