import type { z } from 'zod';
import { TalkingPhotoError } from '../../src-shared/errors.js';

export {
  LIST_SORTS,
  NewProjectSchema,
  PlatformIdSchema,
  ProjectChangesSchema,
  ProjectQuerySchema,
  type ListSort,
  type NewProject,
  type ProjectChanges,
  type ProjectQuery,
  type ProviderUse,
  type QualityScores,
  type StageTimings,
} from '../../src-shared/library.js';

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
