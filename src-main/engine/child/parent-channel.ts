/**
 * The child's side of child-launcher.ts: messages to and from whoever started this
 * process, the same way under `child_process.fork` (Node's IPC channel) and under
 * Electron's utilityProcess (`process.parentPort`, whose messages arrive wrapped in an
 * event's `data`).
 */

interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
  removeAllListeners(event?: string): unknown;
}

export interface ParentChannel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Node only: the parent closed the channel (quit, crashed, was killed). A utility process ends with the app. */
  onParentGone(listener: () => void): void;
  /** Stops listening, so nothing of ours keeps this process alive once its work is done. */
  close(): void;
}

/** True inside an Electron utility process, which can start no Node children of its own. */
export function inUtilityProcess(proc: NodeJS.Process = process): boolean {
  return (proc as unknown as { parentPort?: ParentPortLike }).parentPort !== undefined;
}

export function parentChannel(proc: NodeJS.Process = process): ParentChannel {
  const port = (proc as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (port) {
    return {
      send: (message) => port.postMessage(message),
      onMessage: (listener) => void port.on('message', (event) => listener(event.data)),
      onParentGone: () => undefined,
      close: () => void port.removeAllListeners('message'),
    };
  }
  return {
    send: (message) => {
      // With no callback, a send to a parent that just died throws EPIPE out of the event
      // loop and the render ends through the crash handler, its staging folder left behind;
      // the channel's 'disconnect' (onParentGone) follows and stops the render cleanly.
      if (proc.connected) proc.send?.(message, undefined, undefined, () => undefined);
    },
    onMessage: (listener) => void proc.on('message', listener),
    onParentGone: (listener) => void proc.on('disconnect', listener),
    close: () => {
      if (proc.connected) proc.disconnect?.();
    },
  };
}
