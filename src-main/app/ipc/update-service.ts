import type { UpdateState } from '../../../src-shared/ipc/update-channels.js';
import type { HandlerMap } from './dispatcher.js';
import type { EventHub } from './event-hub.js';

/**
 * The app's own updates as the window's handlers see them. The desktop app passes its
 * electron-updater driver (src-main/doors/electron/app-updater.ts); the headless host, the CLI
 * and the tests have no installer to replace and answer `off` with the reason.
 */
export interface AppUpdates {
  state(): UpdateState;
  /** Asks the feed now; resolves with the outcome (a download may go on in the background). */
  check(): Promise<UpdateState>;
  /** Restarts into a downloaded update, or arranges to once no render runs. */
  restart(): Promise<UpdateState>;
  onChange(listener: (state: UpdateState) => void): () => void;
}

export function updatesOff(currentVersion: string, reason: string): AppUpdates {
  const state: UpdateState = { phase: 'off', currentVersion, version: null, percent: null, restartWhenIdle: false, message: reason, checkedAt: null };
  return {
    state: () => state,
    check: async () => state,
    restart: async () => state,
    onChange: () => () => undefined,
  };
}

type UpdateChannel = 'updates:get' | 'updates:check' | 'updates:restart';

/** The `updates:*` handlers; every change is also pushed to the windows as `updates:changed`. */
export function updateHandlers(updates: AppUpdates, events: EventHub): Pick<HandlerMap, UpdateChannel> {
  updates.onChange((state) => events.emit('updates:changed', state));
  return {
    'updates:get': () => updates.state(),
    'updates:check': () => updates.check(),
    'updates:restart': () => updates.restart(),
  };
}
