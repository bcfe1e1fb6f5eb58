import type { z } from 'zod';
import { TalkingPhotoError } from '../../../src-shared/errors.js';

// The schemas live in src-shared: the IPC contract declares its library channels with them.
export * from '../../../src-shared/library.js';

/** Parses creator input, turning the first problem into one sentence. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const where = first?.path.join('.') || what;
  throw new TalkingPhotoError('BAD_OPTION', `The ${where} of the ${what} is not valid (${first?.message ?? 'unknown problem'}): check it and try again.`, {
    detail: JSON.stringify(parsed.error.issues.slice(0, 3)),
  });
}
