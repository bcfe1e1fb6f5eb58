import type { EventChannel, EventPayload, PayloadArgs, RequestChannel, RequestPayload, ResponseValue } from '../../src-shared/ipc/contract.js';
import { ipcFail, ipcOk, type IpcResponse } from '../../src-shared/ipc/envelope.js';
import type { MediaRef } from '../../src-shared/ipc/media-ref.js';
import type { Transport } from '../transport/transport.js';

/**
 * A Transport for component tests: answers each channel with what the test set, keeps
 * every request it was sent, and lets the test push events as main would. A channel the
 * test did not answer gets `UNEXPECTED`, the way a real transport reports a broken link.
 */

type Handler<C extends RequestChannel> = (payload: RequestPayload<C>) => IpcResponse<ResponseValue<C>> | Promise<IpcResponse<ResponseValue<C>>>;

export interface SentRequest {
  channel: RequestChannel;
  payload: unknown;
}

export class FakeTransport implements Transport {
  readonly kind = 'websocket';
  readonly sent: SentRequest[] = [];
  private readonly handlers = new Map<RequestChannel, Handler<RequestChannel>>();
  private readonly listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  private readonly texts = new Map<string, string>();
  /** URLs of the shared files whose text was read, oldest first. */
  readonly textsRead: string[] = [];

  /** How `channel` answers from now on. */
  answer<C extends RequestChannel>(channel: C, handler: Handler<C>): this {
    this.handlers.set(channel, handler as unknown as Handler<RequestChannel>);
    return this;
  }

  /** Payloads sent on `channel`, oldest first. */
  payloads<C extends RequestChannel>(channel: C): RequestPayload<C>[] {
    return this.sent.filter((request) => request.channel === channel).map((request) => request.payload as RequestPayload<C>);
  }

  invoke = async <C extends RequestChannel>(channel: C, ...args: PayloadArgs<C>): Promise<IpcResponse<ResponseValue<C>>> => {
    const payload = args[0] as RequestPayload<C>;
    this.sent.push({ channel, payload });
    const handler = this.handlers.get(channel) as Handler<C> | undefined;
    if (!handler) return ipcFail('UNEXPECTED', `The test gave no answer for ${channel}.`);
    return handler(payload);
  };

  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  /** Main pushing an event to the window. */
  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  onDisconnect(): () => void {
    return () => undefined;
  }

  mediaUrl(ref: MediaRef): string {
    return `/media/${ref.root}/${ref.path}`;
  }

  /** What `readText` answers for the shared file `ref`; a file not served reads as missing. */
  serveText(ref: MediaRef, text: string): this {
    this.texts.set(this.mediaUrl(ref), text);
    return this;
  }

  async readText(ref: MediaRef): Promise<IpcResponse<string>> {
    const url = this.mediaUrl(ref);
    this.textsRead.push(url);
    const text = this.texts.get(url);
    return text === undefined ? ipcFail('FILE_NOT_FOUND', 'This file is no longer in your library: render the project again to make it.') : ipcOk(text);
  }
}
