import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { RenderRequestSchema, type RenderRequest } from '../../../src-shared/render.js';

/** A render request as the schema leaves it: every default filled in. */
export type RenderSettings = ReturnType<typeof RenderRequestSchema.parse>;

/** The request with its defaults, or BAD_OPTION naming the first option that is wrong. */
export function validRenderRequest(request: RenderRequest): RenderSettings {
  const parsed = RenderRequestSchema.safeParse(request);
  if (!parsed.success) throw badOption(parsed.error.issues);
  return parsed.data;
}

function badOption(issues: Array<{ path: PropertyKey[]; message: string }>): TalkingPhotoError {
  const first = issues[0];
  const where = first?.path.join('.') || 'request';
  return new TalkingPhotoError('BAD_OPTION', `The ${where} option is not valid (${first?.message ?? 'unknown problem'}): check the value and try again.`);
}
