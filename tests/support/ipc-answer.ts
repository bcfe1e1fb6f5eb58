import type { RequestChannel, ResponseValue } from '../../src-shared/ipc/contract.js';
import type { IpcError } from '../../src-shared/ipc/envelope.js';

/**
 * A dispatcher answer as a test reads it: `value` typed by the channel's contract and `error`
 * side by side, without narrowing on `ok` first. The test asserts `ok` (or compares the whole
 * answer); a field the contract does not have fails to compile instead of reading `undefined`.
 */
export type TestAnswer<C extends RequestChannel> = { ok: boolean; value: ResponseValue<C>; error: IpcError };
