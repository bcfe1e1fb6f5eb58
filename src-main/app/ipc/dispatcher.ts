import { isTalkingPhotoError } from '../../../src-shared/errors.js';
import { REQUEST_CHANNELS, isRequestChannel, type ParsedRequest, type RequestChannel, type ResponseInput, type ResponseValue } from '../../../src-shared/ipc/contract.js';
import { ipcFail, ipcOk, type IpcResponse } from '../../../src-shared/ipc/envelope.js';
import { dataFolderProblem } from '../library/data-folder-errors.js';
import { describeError, type Log } from '../log/logger.js';

/**
 * The one place a request from a window becomes a call into main, whatever carried it
 * (Electron IPC, the host's WebSocket, a test). In order: is the sender allowed at all,
 * is the channel in the contract, does the payload match its schema, then the handler,
 * then the answer is checked against the contract too (and stripped of anything it does
 * not declare). Expected failures become `{ ok: false, error }` with their code and
 * sentence; anything else is a bug, logged with its stack, answered as UNEXPECTED.
 *
 * The sender is checked first so an untrusted frame learns nothing, not even which
 * channels exist or what their payloads look like.
 */

export interface SenderContext {
  /** Which door it came through; for logs and per-door policy. */
  transport: 'electron' | 'websocket' | 'in-process';
  /** Stable within the door: a window id, a socket number. */
  id: string;
  /**
   * Decided by the door before dispatching: in Electron, our window's top frame showing
   * our own page; in the host, a socket that presented the session token.
   */
  trusted: boolean;
}

export type Handler<C extends RequestChannel> = (payload: ParsedRequest<C>, sender: SenderContext) => Promise<ResponseInput<C>> | ResponseInput<C>;
/** Every channel of the contract must have a handler: a missing one is a type error. */
export type HandlerMap = { [C in RequestChannel]: Handler<C> };

export interface DispatcherOptions {
  handlers: HandlerMap;
  log: Log;
  /** Extra per-channel policy on top of `trusted`; every trusted sender may use every channel by default. */
  isAllowed?: (channel: RequestChannel, sender: SenderContext) => boolean;
  /**
   * The library's folder: a handler that hits a full or read-only disk there is answered
   * DISK_FULL / DATA_FOLDER_READ_ONLY with a sentence, not UNEXPECTED.
   */
  dataFolder?: string;
}

export const UNEXPECTED_MESSAGE = 'Something went wrong: try again, and report it if it happens twice.';

/** Bounds what a payload can make us echo back into a message or a log line. */
function clip(text: string, max = 120): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

function badRequest(channel: RequestChannel, issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>): IpcResponse<never> {
  const first = issues[0];
  const where = first?.path.length ? first.path.map(String).join('.') : 'payload';
  return ipcFail('BAD_REQUEST', `The ${channel} request is not valid (${clip(where, 60)}: ${clip(first?.message ?? 'unknown problem')}): reload the window and try again.`);
}

export interface Dispatcher {
  /** Never throws and never rejects; every outcome is an `IpcResponse`. */
  dispatch(channel: unknown, payload: unknown, sender: SenderContext): Promise<IpcResponse<unknown>>;
  /** The same, typed, for callers inside main (the tests); the CLI calls the pipeline and the library directly, not the contract. */
  call<C extends RequestChannel>(channel: C, payload: unknown, sender: SenderContext): Promise<IpcResponse<ResponseValue<C>>>;
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { handlers, log } = options;

  async function dispatch(channel: unknown, payload: unknown, sender: SenderContext): Promise<IpcResponse<unknown>> {
    if (!sender.trusted) {
      log.warn('refused a request from an untrusted sender', { transport: sender.transport, sender: sender.id });
      return ipcFail('FORBIDDEN', 'This page may not use TalkingPhoto: open the app from its own window or from the address the host printed.');
    }
    if (!isRequestChannel(channel)) {
      const name = typeof channel === 'string' && /^[\w:.-]{1,64}$/.test(channel) ? `"${channel}"` : 'it was sent';
      log.warn('refused an unknown channel', { transport: sender.transport, channel: typeof channel === 'string' ? clip(channel, 64) : typeof channel });
      return ipcFail('UNKNOWN_CHANNEL', `The app does not know the request ${name}: reload the window, and update the app if it happens again.`);
    }
    if (options.isAllowed && !options.isAllowed(channel, sender)) {
      log.warn('refused a channel for this sender', { channel, transport: sender.transport, sender: sender.id });
      return ipcFail('FORBIDDEN', 'This page may not ask for that.');
    }
    const spec = REQUEST_CHANNELS[channel];
    const parsed = spec.request.safeParse(payload);
    if (!parsed.success) {
      log.info('refused a malformed payload', { channel, issue: parsed.error.issues[0]?.message });
      return badRequest(channel, parsed.error.issues);
    }
    let result: unknown;
    try {
      // The map is indexed by a union of channels; each handler only ever sees its own payload.
      const handler = handlers[channel] as Handler<RequestChannel>;
      result = await handler(parsed.data as ParsedRequest<RequestChannel>, sender);
    } catch (thrown) {
      const error = (options.dataFolder !== undefined ? dataFolderProblem(thrown, options.dataFolder) : null) ?? thrown;
      if (isTalkingPhotoError(error)) {
        log.info('request refused', { channel, code: error.code, detail: error.detail });
        return ipcFail(error.code, error.message);
      }
      log.error('request handler failed', { channel, error: describeError(error) });
      return ipcFail('UNEXPECTED', UNEXPECTED_MESSAGE);
    }
    const answer = spec.response.safeParse(result);
    if (!answer.success) {
      // Main broke its own contract: a bug, and the window must not get a half-valid answer.
      log.error('handler answered outside the contract', { channel, issue: answer.error.issues[0]?.message, path: answer.error.issues[0]?.path.map(String) });
      return ipcFail('UNEXPECTED', UNEXPECTED_MESSAGE);
    }
    return ipcOk(answer.data);
  }

  async function safeDispatch(channel: unknown, payload: unknown, sender: SenderContext): Promise<IpcResponse<unknown>> {
    try {
      return await dispatch(channel, payload, sender);
    } catch (error) {
      // Only reachable through a bug in a schema's own refine or in the logger.
      try {
        log.error('dispatch failed', { error: describeError(error) });
      } catch {
        // The logger itself failed; the answer below still goes out.
      }
      return ipcFail('UNEXPECTED', UNEXPECTED_MESSAGE);
    }
  }

  return {
    dispatch: safeDispatch,
    call: (channel, payload, sender) => safeDispatch(channel, payload, sender) as Promise<IpcResponse<ResponseValue<typeof channel>>>,
  };
}
