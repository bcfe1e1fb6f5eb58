import { createStore, type StoreApi } from 'zustand/vanilla';
import type { IpcError } from '../../src-shared/ipc/envelope.js';
import type { UpdateState } from '../../src-shared/ipc/update-channels.js';
import type { Transport } from '../transport/transport.js';

/**
 * The app's own update, as main reports it (`updates:changed`): the window shows a quiet
 * "Restart to update" once one is downloaded and verified. The host and development
 * builds report `off`, and nothing is shown.
 */

export interface UpdatesStoreState {
  update: UpdateState | null;
  /** The creator chose "Later" for this version: asked again at the next version. */
  dismissedVersion: string | null;
  /** The restart request is on its way. */
  restarting: boolean;
  /** Settings → Updates' "Check for updates" is waiting for the feed's answer. */
  checking: boolean;
  error: IpcError | null;
  load(): Promise<void>;
  /** Asks the feed now (`updates:check`), as Help → Check for Updates… does in the desktop menu. */
  check(): Promise<void>;
  restart(): Promise<void>;
  dismiss(): void;
}

export type UpdatesStore = StoreApi<UpdatesStoreState>;

export function createUpdatesStore(transport: Transport): UpdatesStore {
  return createStore<UpdatesStoreState>()((set, get) => {
    transport.on('updates:changed', (update) => set({ update }));
    return {
      update: null,
      dismissedVersion: null,
      restarting: false,
      checking: false,
      error: null,
      load: async () => {
        const answer = await transport.invoke('updates:get');
        // Without an answer there is nothing to offer; the notice is optional by nature.
        if (answer.ok) set({ update: answer.value });
      },
      check: async () => {
        set({ checking: true, error: null });
        const answer = await transport.invoke('updates:check');
        set(answer.ok ? { update: answer.value, checking: false } : { error: answer.error, checking: false });
      },
      restart: async () => {
        set({ restarting: true, error: null });
        const answer = await transport.invoke('updates:restart');
        set(answer.ok ? { update: answer.value, restarting: false } : { error: answer.error, restarting: false });
      },
      dismiss: () => set({ dismissedVersion: get().update?.version ?? null }),
    };
  });
}
