import { z } from 'zod';
import { IPC_ERROR_CODES, type IpcError } from './envelope.js';

/**
 * The building blocks every channel file uses. A request channel is a pair of runtime
 * schemas: what the renderer may send and what main answers. Types are inferred from
 * them, so the renderer compiles against the very definition main validates with.
 */

export interface RequestChannelSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly response: Res;
}

export function requestChannel<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): RequestChannelSpec<Req, Res> {
  return { request, response };
}

/**
 * For channels that take nothing. Strict, so a stray object is refused rather than ignored;
 * optional, because JSON over the host's socket cannot carry `undefined` and an absent
 * payload arrives as nothing at all.
 */
export const NoPayload = z.strictObject({}).optional();

/** An answer that carries nothing beyond "done". */
export const Done = z.object({});

/**
 * Ids minted by main (renders, media folders): URL-safe and short, so they can sit in a
 * media URL and a log line without escaping.
 */
export const IdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected an id of letters, digits, - and _');

export const IpcErrorSchema = z.object({ code: z.enum(IPC_ERROR_CODES), message: z.string() });
// The envelope's hand-written type and this schema must agree both ways.
const _errorFitsSchema = (error: IpcError): z.input<typeof IpcErrorSchema> => error;
const _schemaFitsError = (error: z.output<typeof IpcErrorSchema>): IpcError => error;
void _errorFitsSchema;
void _schemaFitsError;
