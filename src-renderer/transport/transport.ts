import type { EventChannel, EventPayload, PayloadArgs, RequestChannel, ResponseValue } from '../../src-shared/ipc/contract.js';
import type { IpcResponse } from '../../src-shared/ipc/envelope.js';
import type { MediaRef } from '../../src-shared/ipc/render-channels.js';

/**
 * How the window reaches main: Electron IPC through the preload's `window.talkingPhoto`,
 * or the headless host's WebSocket. Both carry the same contract; the store talks to
 * this interface and cannot tell them apart.
 */
export interface Transport {
  readonly kind: 'electron' | 'websocket';
  /** Resolves with the contract's envelope; transport failures come back as `UNEXPECTED`, never as a rejection. */
  invoke<C extends RequestChannel>(channel: C, ...args: PayloadArgs<C>): Promise<IpcResponse<ResponseValue<C>>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Called when main can no longer be reached (the host stopped); Electron never calls it. */
  onDisconnect(listener: () => void): () => void;
  /** A URL this page can load a file a render shared. */
  mediaUrl(ref: MediaRef): string;
}

/** Each segment encoded on its own, so a `/` in the relative path stays a separator. */
export function encodeMediaPath(ref: MediaRef): string {
  return [ref.root, ...ref.path.split('/')].map(encodeURIComponent).join('/');
}
