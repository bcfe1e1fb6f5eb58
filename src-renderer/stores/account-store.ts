import { createStore, type StoreApi } from 'zustand/vanilla';
import { DELETE_ACCOUNT_PHRASE, type AccountState } from '../../src-shared/ipc/account-channels.js';
import type { IpcError } from '../../src-shared/ipc/envelope.js';
import type { PaidTier } from '../../src-shared/licensing.js';
import type { Transport } from '../transport/transport.js';

/**
 * Settings → Account. A password goes to main once and is not kept; the plan shown is
 * what main concluded from the signed entitlement. After Upgrade the store asks main to
 * refresh every few seconds until the plan changes (the deep link usually gets there
 * first, as an `account:changed` event), so a missed link still ends in the right plan.
 */

export const CHECKOUT_POLL_MS = 5_000;
/** Stripe Checkout sessions expire after a day, but a creator who has not paid in 10 minutes is not coming back soon. */
export const CHECKOUT_POLL_LIMIT_MS = 10 * 60_000;

export interface AccountStoreState {
  account: AccountState | null;
  busy: boolean;
  error: IpcError | null;
  /** Waiting for a checkout in the browser to come back. */
  awaitingCheckout: boolean;
  /** What the last sign-up or reset step did, in words. */
  notice: string | null;
  requestReset(email: string): Promise<void>;
  confirmReset(password: string): Promise<boolean>;
  load(): Promise<void>;
  signIn(email: string, password: string): Promise<boolean>;
  signUp(email: string, password: string): Promise<boolean>;
  signOut(): Promise<void>;
  refresh(): Promise<void>;
  upgrade(tier: PaidTier): Promise<void>;
  manage(): Promise<void>;
  /** Asks the service for everything it holds about the account and saves it as a JSON file. */
  downloadAccountData(): Promise<void>;
  /** `typed` is what the creator typed; nothing is sent unless it is the phrase. */
  deleteAccount(typed: string): Promise<boolean>;
}

export { DELETE_ACCOUNT_PHRASE };

/** Saves text as a download: the desktop window asks where, a browser tab saves it to Downloads. */
function saveDownload(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; freeing it at once can cancel it in Chromium.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export type AccountStore = StoreApi<AccountStoreState>;

export function createAccountStore(
  transport: Transport,
  page: { open(url: string): void; setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout; save?: (name: string, text: string) => void } = globalThis.window
    ? {
        open: (url) => void window.open(url, '_blank', 'noopener,noreferrer'),
        setTimeout: window.setTimeout.bind(window) as typeof setTimeout,
        clearTimeout: window.clearTimeout.bind(window),
        save: saveDownload,
      }
    : { open: () => undefined, setTimeout, clearTimeout },
): AccountStore {
  return createStore<AccountStoreState>()((set, get) => {
    let poll: ReturnType<typeof setTimeout> | undefined;
    const stopPolling = (): void => {
      page.clearTimeout(poll);
      set({ awaitingCheckout: false });
    };
    const adopt = (account: AccountState): void => {
      const before = get().account;
      // Signed in by the sign-up link: its "check your email" has done its job.
      set({ account, error: null, ...(account.signedIn && !before?.signedIn ? { notice: null } : {}) });
      if (get().awaitingCheckout && before && account.tier !== before.tier) stopPolling();
    };
    transport.on('account:changed', adopt);

    const run = async (work: () => Promise<{ ok: true; value: AccountState } | { ok: false; error: IpcError }>): Promise<boolean> => {
      set({ busy: true, error: null });
      const answer = await work();
      set({ busy: false });
      if (answer.ok) adopt(answer.value);
      else set({ error: answer.error });
      return answer.ok;
    };
    const open = async (answer: { ok: true; value: { url: string; opened: boolean } } | { ok: false; error: IpcError }): Promise<boolean> => {
      set({ busy: false });
      if (!answer.ok) {
        set({ error: answer.error });
        return false;
      }
      // The desktop app opened the system browser; a browser tab opens it here.
      if (!answer.value.opened) page.open(answer.value.url);
      return true;
    };

    return {
      account: null,
      busy: false,
      error: null,
      awaitingCheckout: false,
      notice: null,
      async requestReset(email) {
        set({ busy: true, error: null, notice: null });
        const answer = await transport.invoke('account:requestReset', { email });
        set(answer.ok ? { busy: false, notice: 'If an account uses that address, a link to choose a new password is on its way: open it on this computer.' } : { busy: false, error: answer.error });
      },
      async confirmReset(password) {
        const done = await run(() => transport.invoke('account:confirmReset', { password }));
        if (done) set({ notice: 'Your password is changed: sign in with it.' });
        return done;
      },
      load: async () => void (await run(() => transport.invoke('account:get'))),
      signIn: (email, password) => run(() => transport.invoke('account:signIn', { email, password })),
      async signUp(email, password) {
        set({ busy: true, error: null, notice: null });
        const answer = await transport.invoke('account:signUp', { email, password });
        set(answer.ok ? { busy: false, notice: `Check your email: we sent a link to ${email}. Open it on this computer to finish creating your account.` } : { busy: false, error: answer.error });
        return answer.ok;
      },
      signOut: async () => {
        stopPolling();
        await run(() => transport.invoke('account:signOut'));
      },
      refresh: async () => void (await run(() => transport.invoke('account:refresh'))),
      async upgrade(tier) {
        set({ busy: true, error: null });
        if (!(await open(await transport.invoke('account:upgrade', { tier })))) return;
        const started = Date.now();
        set({ awaitingCheckout: true });
        const tick = async (): Promise<void> => {
          if (!get().awaitingCheckout) return;
          const answer = await transport.invoke('account:refresh');
          if (answer.ok) adopt(answer.value);
          if (get().awaitingCheckout && Date.now() - started < CHECKOUT_POLL_LIMIT_MS) poll = page.setTimeout(() => void tick(), CHECKOUT_POLL_MS);
          else set({ awaitingCheckout: false });
        };
        poll = page.setTimeout(() => void tick(), CHECKOUT_POLL_MS);
      },
      async manage() {
        set({ busy: true, error: null });
        await open(await transport.invoke('account:manage'));
      },
      async downloadAccountData() {
        set({ busy: true, error: null, notice: null });
        const answer = await transport.invoke('account:export');
        if (!answer.ok) {
          set({ busy: false, error: answer.error });
          return;
        }
        const name = `talkingphoto-account-${answer.value.exportedAt.slice(0, 10)}.json`;
        (page.save ?? saveDownload)(name, `${JSON.stringify(answer.value, null, 2)}\n`);
        set({ busy: false, notice: `Your account data is saved as ${name}.` });
      },
      async deleteAccount(typed) {
        if (typed.trim().toLowerCase() !== DELETE_ACCOUNT_PHRASE) return false;
        stopPolling();
        const done = await run(() => transport.invoke('account:delete', { confirm: DELETE_ACCOUNT_PHRASE }));
        if (done) set({ notice: 'Your account is deleted and its subscription cancelled. Videos on this computer stay; the free plan applies.' });
        return done;
      },
    };
  });
}
