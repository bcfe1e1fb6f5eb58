import type { EventChannel, EventPayload } from '../../src-shared/ipc/contract.js';
import { ipcFail, type IpcResponse } from '../../src-shared/ipc/envelope.js';
import { HOST_MEDIA_PREFIX, HOST_SOCKET_PATH, type WireRequest, type WireServerMessage } from '../../src-shared/ipc/wire.js';
import { encodeMediaPath, fetchMediaText, type Transport } from './transport.js';

/**
 * The headless host (`npm run host`): the contract over a WebSocket to the page's own
 * origin, authenticated by the token the host printed in the page's URL. It connects on
 * the first request and again on the next request after a drop.
 */

const LOST = 'Lost the connection to TalkingPhoto: check that `npm run host` is still running, then reload this page.';

export class WebSocketTransport implements Transport {
  readonly kind = 'websocket';
  private socket: Promise<WebSocket> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (response: IpcResponse<unknown>) => void>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly disconnectListeners = new Set<() => void>();

  constructor(
    private readonly origin: { protocol: string; host: string },
    private readonly token: string,
  ) {}

  /** Opens the socket now, so events (a render started before a reload) arrive without a request first. */
  connect(): Promise<WebSocket> {
    this.socket ??= new Promise<WebSocket>((resolve, reject) => {
      const scheme = this.origin.protocol === 'https:' ? 'wss:' : 'ws:';
      const socket = new WebSocket(`${scheme}//${this.origin.host}${HOST_SOCKET_PATH}?token=${encodeURIComponent(this.token)}`);
      let opened = false;
      socket.addEventListener('open', () => {
        opened = true;
        resolve(socket);
      });
      socket.addEventListener('message', (event) => this.receive(event.data));
      socket.addEventListener('close', () => {
        this.socket = null;
        for (const answer of this.pending.values()) answer(ipcFail('UNEXPECTED', LOST));
        this.pending.clear();
        if (!opened) reject(new Error('socket closed before it opened'));
        for (const listener of this.disconnectListeners) listener();
      });
    });
    return this.socket;
  }

  invoke: Transport['invoke'] = async (channel, ...args) => {
    let socket: WebSocket;
    try {
      socket = await this.connect();
    } catch {
      return ipcFail('UNEXPECTED', LOST);
    }
    // Closed between opening and now: its close handler has already answered everything pending.
    if (socket.readyState !== WebSocket.OPEN) return ipcFail('UNEXPECTED', LOST);
    const id = this.nextId++;
    const request: WireRequest = { type: 'request', id, channel, payload: args[0] };
    return new Promise((resolve) => {
      this.pending.set(id, resolve as (response: IpcResponse<unknown>) => void);
      socket.send(JSON.stringify(request));
    });
  };

  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const wrapped = listener as (payload: unknown) => void;
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  }

  onDisconnect(listener: () => void): () => void {
    this.disconnectListeners.add(listener);
    return () => {
      this.disconnectListeners.delete(listener);
    };
  }

  mediaUrl: Transport['mediaUrl'] = (ref) => `${HOST_MEDIA_PREFIX}${encodeMediaPath(ref)}?token=${encodeURIComponent(this.token)}`;

  /** Same-origin `/media/`, which the page's `connect-src 'self'` allows. */
  readText: Transport['readText'] = (ref) => fetchMediaText(this.mediaUrl(ref));

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: WireServerMessage;
    try {
      message = JSON.parse(data) as WireServerMessage;
    } catch {
      return;
    }
    if (message.type === 'response' && message.id !== null) {
      const answer = this.pending.get(message.id);
      this.pending.delete(message.id);
      answer?.(message.response);
    } else if (message.type === 'event') {
      for (const listener of this.listeners.get(message.event) ?? []) listener(message.payload);
    }
  }
}
