import type { WebSocket } from 'ws';
import { ipcFail } from '../../../src-shared/ipc/envelope.js';
import { WireRequestSchema } from '../../../src-shared/ipc/wire-schema.js';
import type { WireResponse, WireServerMessage } from '../../../src-shared/ipc/wire.js';
import type { SenderContext } from '../../app/ipc/dispatcher.js';
import type { Log } from '../../app/log/logger.js';
import type { MainServices } from '../../app/ipc/main-services.js';

/**
 * Carries the IPC contract over one authenticated WebSocket: each text frame is a
 * request `{ type: 'request', id, channel, payload }`, answered by
 * `{ type: 'response', id, response }`; events go out as `{ type: 'event', event, payload }`.
 * Everything after the framing is the dispatcher's, exactly as for Electron IPC.
 */

/**
 * A window that stops reading (a frozen tab) must not make the host buffer without end;
 * progress events are the only thing that can pile up, and each is a few hundred bytes.
 */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

let nextSocket = 1;

export function bridgeSocket(socket: WebSocket, services: MainServices, log: Log): void {
  const sender: SenderContext = { transport: 'websocket', id: `socket-${nextSocket++}`, trusted: true };
  const send = (message: WireServerMessage): void => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      log.warn('closing a socket that stopped reading', { sender: sender.id });
      socket.terminate();
      return;
    }
    socket.send(JSON.stringify(message));
  };
  const refuse = (id: number | null, message: string): void => {
    send({ type: 'response', id, response: ipcFail('BAD_REQUEST', message) } satisfies WireResponse);
  };

  const unsubscribe = services.events.subscribe((event, payload) => send({ type: 'event', event, payload }));
  socket.on('close', unsubscribe);
  socket.on('error', (error) => log.warn('socket error', { sender: sender.id, error: error.message }));

  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      refuse(null, 'The host understands text messages only: reload the page.');
      return;
    }
    let frame: unknown;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      refuse(null, 'The host received a message that is not JSON: reload the page.');
      return;
    }
    const request = WireRequestSchema.safeParse(frame);
    if (!request.success) {
      const id = typeof (frame as { id?: unknown } | null)?.id === 'number' ? (frame as { id: number }).id : null;
      refuse(Number.isSafeInteger(id) ? id : null, 'The host received a request it cannot read: reload the page.');
      return;
    }
    const { id, channel, payload } = request.data;
    void services.dispatcher.dispatch(channel, payload, sender).then((response) => send({ type: 'response', id, response }));
  });
}
