import type { z } from 'zod';
import type { EventChannel, EventPayload } from './contract.js';
import type { IpcResponse } from './envelope.js';
import type { WireRequestSchema } from './wire-schema.js';

/**
 * The contract framed for a message socket (the headless host's WebSocket): requests carry
 * an id the answer repeats; events carry their channel name. One JSON text frame each.
 * Electron IPC needs no framing; it pairs invoke and answer itself. No zod at run time
 * here: the renderer imports these constants (the schema is in wire-schema.ts).
 */

/** The WebSocket endpoint's path; the token rides in its query (`?token=`). */
export const HOST_SOCKET_PATH = '/ipc';
/** The host's media route: `/media/<root>/<path>?token=`. */
export const HOST_MEDIA_PREFIX = '/media/';

export type WireRequest = z.infer<typeof WireRequestSchema>;

/** `id: null` answers a frame too broken to read its id from. */
export interface WireResponse {
  type: 'response';
  id: number | null;
  response: IpcResponse<unknown>;
}

export interface WireEvent<E extends EventChannel = EventChannel> {
  type: 'event';
  event: E;
  payload: EventPayload<E>;
}

export type WireServerMessage = WireResponse | WireEvent;
