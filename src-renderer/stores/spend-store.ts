import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Spend } from '../../src-shared/ipc/diagnostics-channels.js';
import type { Transport } from '../transport/transport.js';

/**
 * Today's cloud spending and SPEC §2's 80 % alert, for the banner the Create, Queue and
 * Diagnostics screens show. Asked again whenever a render ends, since a render is what
 * spends; a dismissed alert comes back once the figure changes.
 */

export interface SpendState {
  spend: Spend | null;
  /** The alert sentence the creator dismissed; a different sentence (more spent) shows again. */
  dismissed: string | null;
  load(): Promise<void>;
  dismiss(): void;
}

export type SpendStore = StoreApi<SpendState>;

/** The alert to show now, or null: none, or the one the creator dismissed. */
export const visibleAlert = (state: Pick<SpendState, 'spend' | 'dismissed'>) => {
  const alert = state.spend?.alert ?? null;
  return alert && alert.message !== state.dismissed ? alert : null;
};

export function createSpendStore(transport: Transport): SpendStore {
  return createStore<SpendState>()((set, get) => {
    let asked = 0;
    transport.on('job:finished', () => void get().load());
    return {
      spend: null,
      dismissed: null,
      async load() {
        const request = ++asked;
        const answer = await transport.invoke('diagnostics:spend');
        // A banner is no place for an error: the last figures stay until main answers again.
        if (request === asked && answer.ok) set({ spend: answer.value });
      },
      dismiss() {
        set({ dismissed: get().spend?.alert?.message ?? null });
      },
    };
  });
}
