import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BillingEvent } from '../../server/src/billing/billing-event.js';
import type { LicensingStore, LockoutPolicy, UserRecord } from '../../server/src/store/store.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './support/databases.js';

const T0 = Date.parse('2026-05-04T09:00:00.000Z');
const POLICY: LockoutPolicy = { maxFailures: 5, lockMs: 30 * 60_000 };

for (const { dialect, label, skip } of DIALECTS) {
  describe.skipIf(skip)(`the licensing store ${label}`, () => {
    let database: TestDatabase;
    let store: LicensingStore;
    beforeEach(async () => {
      database = await freshDatabase(dialect);
      store = database.store;
    });
    afterEach(async () => database.dispose());

    const newUser = async (email = `${randomUUID()}@example.com`): Promise<UserRecord> => {
      const user = await store.createUser({ id: randomUUID(), email, passwordHash: 'scrypt$test', createdAt: T0 });
      if (!user) throw new Error('not created');
      return user;
    };
    const event = (user: UserRecord, at: number, rest: Partial<BillingEvent>): BillingEvent => ({
      eventId: `evt_${randomUUID()}`,
      type: 'customer.subscription.updated',
      at,
      userId: user.id,
      customerId: 'cus_1',
      ...rest,
    });

    it('creates an account with the free defaults and refuses a second one for the same email', async () => {
      const user = await newUser('maya@example.com');
      expect(user).toMatchObject({ email: 'maya@example.com', tier: 'free', subscriptionStatus: 'none', failedSignIns: 0, lockedUntil: null, periodEnd: null });
      expect(await store.createUser({ id: randomUUID(), email: 'maya@example.com', passwordHash: 'x', createdAt: T0 })).toBeUndefined();
      expect((await store.userByEmail('maya@example.com'))?.id).toBe(user.id);
      expect((await store.userById(user.id))?.email).toBe('maya@example.com');
    });

    it('locks an account at the fifth wrong password, keeps every attempt, and a success clears the count', async () => {
      const user = await newUser();
      for (let i = 1; i <= 4; i++) {
        expect(await store.recordSignIn({ email: user.email, userId: user.id, outcome: 'wrong_password', at: T0 + i }, POLICY)).toEqual({ lockedUntil: null });
      }
      expect(await store.recordSignIn({ email: user.email, userId: user.id, outcome: 'wrong_password', at: T0 + 5 }, POLICY)).toEqual({ lockedUntil: T0 + 5 + POLICY.lockMs });
      await store.recordSignIn({ email: user.email, userId: user.id, outcome: 'ok', at: T0 + POLICY.lockMs + 10 }, POLICY);
      expect(await store.userById(user.id)).toMatchObject({ failedSignIns: 0, lockedUntil: null });
      const attempts = await store.loginAttempts(user.email);
      expect(attempts.map((a) => a.outcome)).toEqual(['wrong_password', 'wrong_password', 'wrong_password', 'wrong_password', 'wrong_password', 'ok']);
      await store.recordSignIn({ email: 'nobody@example.com', userId: null, outcome: 'unknown_email', at: T0 }, POLICY);
      expect(await store.loginAttempts('nobody@example.com')).toHaveLength(1);
    });

    it('finds a session by its token hash until it is deleted', async () => {
      const user = await newUser();
      await store.createSession({ tokenHash: 'h1', userId: user.id, createdAt: T0, expiresAt: T0 + 1000 });
      expect(await store.sessionByTokenHash('h1')).toEqual({ tokenHash: 'h1', userId: user.id, createdAt: T0, expiresAt: T0 + 1000 });
      await store.deleteSession('h1');
      expect(await store.sessionByTokenHash('h1')).toBeUndefined();
    });

    it('uses a reset token once, before it expires, and signs the account out everywhere', async () => {
      const user = await newUser();
      await store.recordSignIn({ email: user.email, userId: user.id, outcome: 'wrong_password', at: T0 }, POLICY);
      await store.createSession({ tokenHash: 's1', userId: user.id, createdAt: T0, expiresAt: T0 + 10_000 });
      await store.createPasswordReset({ tokenHash: 'r1', userId: user.id, createdAt: T0, expiresAt: T0 + 3_600_000 });
      await store.createPasswordReset({ tokenHash: 'r2', userId: user.id, createdAt: T0, expiresAt: T0 + 3_600_000 });
      await store.createPasswordReset({ tokenHash: 'old', userId: user.id, createdAt: T0, expiresAt: T0 + 10 });

      expect(await store.resetPassword('old', 'new-hash', T0 + 10)).toBeUndefined();
      expect(await store.resetPassword('r1', 'new-hash', T0 + 20)).toBe(user.id);
      expect(await store.resetPassword('r1', 'other-hash', T0 + 30)).toBeUndefined();
      expect(await store.resetPassword('r2', 'other-hash', T0 + 30)).toBeUndefined();
      expect(await store.userById(user.id)).toMatchObject({ passwordHash: 'new-hash', failedSignIns: 0 });
      expect(await store.sessionByTokenHash('s1')).toBeUndefined();
    });

    it('applies a webhook event once however often it arrives', async () => {
      const user = await newUser();
      const once = event(user, T0, {
        type: 'checkout.session.completed',
        subscription: { subscriptionId: 'sub_1', status: 'active', tier: 'pro' },
        payment: { checkoutSessionId: 'cs_1', invoiceId: 'in_1', subscriptionId: 'sub_1', amount: 49_900, currency: 'inr', status: 'paid' },
      });
      const outcomes = await Promise.all(Array.from({ length: 20 }, () => store.applyBillingEvent(once, T0)));
      expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(19);
      expect(await store.userById(user.id)).toMatchObject({ tier: 'pro', subscriptionStatus: 'active', stripeCustomerId: 'cus_1', stripeSubscriptionId: 'sub_1' });
      expect(await store.payments(user.id)).toEqual([
        expect.objectContaining({ stripeCheckoutSessionId: 'cs_1', stripeInvoiceId: 'in_1', amount: 49_900, currency: 'inr', status: 'paid' }),
      ]);
    });

    it('keeps one payment when checkout and the first invoice both describe it', async () => {
      const user = await newUser();
      await store.applyBillingEvent(
        event(user, T0, { payment: { checkoutSessionId: 'cs_1', invoiceId: 'in_1', subscriptionId: 'sub_1', amount: 49_900, currency: 'inr', status: 'paid' } }),
        T0,
      );
      await store.applyBillingEvent(
        event(user, T0 + 1000, { type: 'invoice.payment_failed', payment: { checkoutSessionId: null, invoiceId: 'in_1', subscriptionId: 'sub_1', amount: 49_900, currency: 'inr', status: 'failed' } }),
        T0,
      );
      const [payment, ...more] = await store.payments(user.id);
      expect(more).toEqual([]);
      expect(payment).toMatchObject({ stripeCheckoutSessionId: 'cs_1', stripeInvoiceId: 'in_1', status: 'paid' });
    });

    it('ignores older and resurrecting subscription events, whatever order they arrive in', async () => {
      const user = await newUser();
      const update = (at: number, status: 'active' | 'canceled' | 'past_due', periodEnd: number | null) =>
        event(user, at, { subscription: { subscriptionId: 'sub_1', status, tier: 'pro', periodEnd } });
      await store.applyBillingEvent(update(T0 + 2000, 'active', T0 + 30 * 86_400_000), T0);
      expect(await store.applyBillingEvent(update(T0 + 1000, 'past_due', T0), T0)).toBe('applied');
      expect(await store.userById(user.id)).toMatchObject({ subscriptionStatus: 'active', periodEnd: T0 + 30 * 86_400_000, subscriptionEventAt: T0 + 2000 });

      await store.applyBillingEvent(event(user, T0 + 3000, { type: 'customer.subscription.deleted', subscription: { subscriptionId: 'sub_1', status: 'canceled', periodEnd: null } }), T0);
      await store.applyBillingEvent(update(T0 + 3000, 'active', T0 + 30 * 86_400_000), T0);
      await store.applyBillingEvent(update(T0 + 9000, 'active', T0 + 30 * 86_400_000), T0);
      expect(await store.userById(user.id)).toMatchObject({ tier: 'free', subscriptionStatus: 'canceled', periodEnd: null });
    });

    it('finds the account by Stripe customer when the event carries no account id, and says when none owns it', async () => {
      const user = await newUser();
      await store.applyBillingEvent(event(user, T0, { customerId: 'cus_9', subscription: { subscriptionId: 'sub_9', status: 'active', tier: 'starter' } }), T0);
      const byCustomer = await store.applyBillingEvent(
        { eventId: 'evt_by_customer', type: 'invoice.payment_failed', at: T0 + 1000, userId: null, customerId: 'cus_9', subscription: { subscriptionId: 'sub_9', status: 'past_due' } },
        T0,
      );
      expect(byCustomer).toBe('applied');
      expect(await store.userById(user.id)).toMatchObject({ tier: 'starter', subscriptionStatus: 'past_due' });
      expect(await store.applyBillingEvent({ eventId: 'evt_stranger', type: 'invoice.paid', at: T0, userId: null, customerId: 'cus_unknown' }, T0)).toBe('no_account');
      expect(await store.applyBillingEvent({ eventId: 'evt_stranger', type: 'invoice.paid', at: T0, userId: null, customerId: 'cus_unknown' }, T0)).toBe('duplicate');
    });
  });
}
