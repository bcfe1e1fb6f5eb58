import type { EventChannel, EventPayload, PayloadArgs, RequestChannel, ResponseValue } from './ipc/contract.js';
import type { IpcResponse } from './ipc/envelope.js';

/**
 * The one object the preload exposes to the desktop window as `window.talkingPhoto`:
 * the IPC contract (src-shared/ipc) and nothing else. The renderer never sees
 * `ipcRenderer`; main validates every payload whatever this type says.
 */
export interface DesktopBridge {
  /** Resolves with `{ ok: true, value }` or `{ ok: false, error }`; never rejects for an expected failure. */
  invoke<C extends RequestChannel>(channel: C, ...args: PayloadArgs<C>): Promise<IpcResponse<ResponseValue<C>>>;
  /** Calls `listener` with each event of that channel; returns an unsubscribe. */
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/**
 * The two Electron IPC channels that carry the whole contract: requests as
 * `(channel, payload)` on one, events as `(event, payload)` on the other. Adding a
 * contract channel therefore touches neither the preload nor these names. Types, not
 * values: the sandboxed preload may import nothing at run time but `electron`, so it
 * spells the names out and the typecheck holds it to these.
 */
export interface ElectronBridgeChannels {
  invoke: 'talkingphoto:invoke';
  event: 'talkingphoto:event';
}
