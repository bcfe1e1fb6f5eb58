import { EVENT_CHANNELS, type EventChannel, type EventInput, type EventPayload } from '../../../src-shared/ipc/contract.js';
import { describeError, type Log } from '../log/logger.js';

/**
 * Events main pushes to every connected window. Each payload is checked against the
 * contract before it leaves, like a request's answer; a door (the Electron window, each
 * host socket) subscribes and forwards what it gets in its own framing.
 */

export type EventListener = <E extends EventChannel>(event: E, payload: EventPayload<E>) => void;

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly log: Log) {}

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit<E extends EventChannel>(event: E, payload: EventInput<E>): void {
    const parsed = EVENT_CHANNELS[event].safeParse(payload);
    if (!parsed.success) {
      this.log.error('event outside the contract, not sent', { event, issue: parsed.error.issues[0]?.message, path: parsed.error.issues[0]?.path.map(String) });
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(event, parsed.data as EventPayload<E>);
      } catch (error) {
        // One closed window must not stop the others from hearing it.
        this.log.warn('event listener failed', { event, error: describeError(error) });
      }
    }
  }
}
