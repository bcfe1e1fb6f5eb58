import { ERROR_CODES, type ErrorCode } from '../errors.js';

/**
 * Every answer to a request is one of two shapes, over Electron IPC and the host's socket
 * alike: `{ ok: true, value }` or `{ ok: false, error: { code, message } }`. Main never
 * rejects an invoke with an exception, because Electron would wrap it in "Error invoking
 * remote method…" text and the socket has no exceptions at all.
 *
 * No zod here (its schema, IpcErrorSchema, is in channel.ts): the renderer imports these
 * helpers at run time and should not ship a schema library it never runs.
 */

/** The engine's codes plus `UNEXPECTED`: a bug, which is never a TalkingPhotoError. */
export const IPC_ERROR_CODES = [...ERROR_CODES, 'UNEXPECTED'] as const;
export type IpcErrorCode = ErrorCode | 'UNEXPECTED';

export interface IpcError {
  code: IpcErrorCode;
  /** One sentence for the creator; never a stack trace or a cause. */
  message: string;
}

export type IpcResponse<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export const ipcOk = <T>(value: T): IpcResponse<T> => ({ ok: true, value });
export const ipcFail = (code: IpcErrorCode, message: string): { ok: false; error: IpcError } => ({ ok: false, error: { code, message } });
