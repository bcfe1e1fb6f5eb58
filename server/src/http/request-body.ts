import type { z } from 'zod';
import { ServiceError } from './service-error.js';

/**
 * The one bridge from the contract's zod schemas (src-shared/licensing.ts) to a route: the
 * body parsed by the very schema the app compiled against, or a 400 whose sentence names
 * each field and what is wrong with it. Issue messages describe the rule, never the value,
 * so a mistyped password is not echoed back.
 */
export function parseBody<Schema extends z.ZodType>(schema: Schema, body: unknown): z.output<Schema> {
  const parsed = schema.safeParse(body ?? undefined);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`);
  throw new ServiceError(400, 'INVALID_REQUEST', `The request is not valid (${problems.join('; ')}).`);
}
