// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { ipcOk } from '../../src-shared/ipc/envelope.js';
import { FakeTransport } from '../testing/fake-transport.js';
import { accountState } from '../testing/fixtures.js';
import { CHECKOUT_POLL_LIMIT_MS, CHECKOUT_POLL_MS, createAccountStore } from './account-store.js';

/** Upgrade's backstop: when the deep link never comes, polling main still ends in the new plan. */
describe('the account store after Upgrade', () => {
  it('asks main to refresh every few seconds until the plan changes, then stops', async () => {
    vi.useFakeTimers();
    try {
      let refreshes = 0;
      const transport = new FakeTransport()
        .answer('account:get', () => ipcOk(accountState({ signedIn: true })))
        .answer('account:upgrade', () => ipcOk({ url: 'https://checkout.stripe.com/c/pay/cs_1', opened: true }))
        .answer('account:refresh', () => {
          refreshes += 1;
          return ipcOk(accountState({ signedIn: true, ...(refreshes >= 3 ? { tier: 'pro', projectsPerMonth: null, watermark: false } : {}) }));
        });
      const opened: string[] = [];
      const store = createAccountStore(transport, { open: (url) => opened.push(url), setTimeout, clearTimeout });
      await store.getState().load();
      await store.getState().upgrade('pro');
      // The desktop app opened the system browser itself: the page opens nothing.
      expect(opened).toEqual([]);
      expect(store.getState().awaitingCheckout).toBe(true);
      for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(CHECKOUT_POLL_MS);
      expect(refreshes).toBe(3);
      expect(store.getState()).toMatchObject({ awaitingCheckout: false, account: { tier: 'pro' } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives up after ten minutes without news, and says nothing more is awaited', async () => {
    vi.useFakeTimers();
    try {
      let refreshes = 0;
      const transport = new FakeTransport()
        .answer('account:get', () => ipcOk(accountState({ signedIn: true })))
        .answer('account:upgrade', () => ipcOk({ url: 'https://checkout.stripe.com/c/pay/cs_2', opened: false }))
        .answer('account:refresh', () => ((refreshes += 1), ipcOk(accountState({ signedIn: true }))));
      const opened: string[] = [];
      const store = createAccountStore(transport, { open: (url) => opened.push(url), setTimeout, clearTimeout });
      await store.getState().load();
      await store.getState().upgrade('starter');
      expect(opened).toEqual(['https://checkout.stripe.com/c/pay/cs_2']);
      await vi.advanceTimersByTimeAsync(CHECKOUT_POLL_LIMIT_MS + 2 * CHECKOUT_POLL_MS);
      expect(store.getState().awaitingCheckout).toBe(false);
      const asked = refreshes;
      await vi.advanceTimersByTimeAsync(10 * CHECKOUT_POLL_MS);
      expect(refreshes).toBe(asked);
      expect(asked).toBeGreaterThan(CHECKOUT_POLL_LIMIT_MS / CHECKOUT_POLL_MS - 3);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the account store signing up', () => {
  it('says to check the email and signs nobody in; the link opening the app signs in and the note goes', async () => {
    const transport = new FakeTransport().answer('account:get', () => ipcOk(accountState({ signedIn: false }))).answer('account:signUp', () => ipcOk({}));
    const store = createAccountStore(transport, { open: () => undefined, setTimeout, clearTimeout });
    await store.getState().load();
    expect(await store.getState().signUp('maya@example.com', 'correct horse battery')).toBe(true);
    expect(store.getState()).toMatchObject({
      busy: false,
      account: { signedIn: false },
      notice: 'Check your email: we sent a link to maya@example.com. Open it on this computer to finish creating your account.',
    });
    transport.emit('account:changed', accountState({ signedIn: true, email: 'maya@example.com' }));
    expect(store.getState()).toMatchObject({ account: { signedIn: true, email: 'maya@example.com' }, notice: null });
  });
});
