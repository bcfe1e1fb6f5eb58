import { createStore, type StoreApi } from 'zustand/vanilla';
import type { IpcError } from '../../src-shared/ipc/envelope.js';
import type { ProvidersAnswer } from '../../src-shared/ipc/provider-channels.js';
import type { Capability, ProviderId } from '../../src-shared/providers.js';
import type { Transport } from '../transport/transport.js';

/**
 * Settings → Providers. A pasted key goes to main once and is forgotten here: the store
 * keeps what main answers ("set", "verified"), never the key.
 */

export interface ProvidersState {
  data: ProvidersAnswer | null;
  /** The last refusal, shown at the section's top. */
  error: IpcError | null;
  /** A key test's outcome, by provider, in words. */
  tests: Partial<Record<ProviderId, { ok: boolean; message: string }>>;
  busy: Partial<Record<ProviderId, boolean>>;
  load(): Promise<void>;
  /** True when main kept the key (the field may then be cleared). */
  setKey(provider: ProviderId, key: string): Promise<boolean>;
  removeKey(provider: ProviderId): Promise<void>;
  testKey(provider: ProviderId): Promise<void>;
  /** Moves a provider one place up (-1) or down (+1) in a chain; the local engine stays last. */
  move(capability: Capability, provider: ProviderId, by: -1 | 1): Promise<void>;
  setDailyCap(usd: number): Promise<void>;
}

export type ProvidersStore = StoreApi<ProvidersState>;

export function createProvidersStore(transport: Transport): ProvidersStore {
  return createStore<ProvidersState>()((set, get) => {
    const settle = (answer: { ok: true; value: ProvidersAnswer } | { ok: false; error: IpcError }): boolean => {
      if (answer.ok) set({ data: answer.value, error: null });
      else set({ error: answer.error });
      return answer.ok;
    };
    const busy = (provider: ProviderId, on: boolean): void => set({ busy: { ...get().busy, [provider]: on } });
    return {
      data: null,
      error: null,
      tests: {},
      busy: {},
      async load() {
        settle(await transport.invoke('providers:list'));
      },
      async setKey(provider, key) {
        busy(provider, true);
        const kept = settle(await transport.invoke('providers:setKey', { provider, key: key.trim() }));
        if (kept) set({ tests: { ...get().tests, [provider]: undefined } });
        busy(provider, false);
        return kept;
      },
      async removeKey(provider) {
        busy(provider, true);
        if (settle(await transport.invoke('providers:removeKey', { provider }))) set({ tests: { ...get().tests, [provider]: undefined } });
        busy(provider, false);
      },
      async testKey(provider) {
        busy(provider, true);
        const answer = await transport.invoke('providers:testKey', { provider });
        if (answer.ok) {
          const { ok, message, ...data } = answer.value;
          set({ data, error: null, tests: { ...get().tests, [provider]: { ok, message } } });
        } else set({ error: answer.error });
        busy(provider, false);
      },
      async move(capability, provider, by) {
        const chain = get().data?.chains[capability];
        if (!chain) return;
        const cloud: ProviderId[] = chain.filter((id) => id !== 'local');
        const from = cloud.indexOf(provider);
        const to = from + by;
        if (from < 0 || to < 0 || to >= cloud.length) return;
        [cloud[from], cloud[to]] = [cloud[to]!, cloud[from]!];
        settle(await transport.invoke('providers:setPreferences', { chains: { [capability]: [...cloud, 'local'] } }));
      },
      async setDailyCap(usd) {
        settle(await transport.invoke('providers:setPreferences', { dailyCapUsd: usd }));
      },
    };
  });
}
