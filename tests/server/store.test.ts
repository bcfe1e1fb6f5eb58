import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BillingEvent } from '../../server/src/billing/billing-event.js';
import type { LicensingStore, UserRecord } from '../../server/src/store/store.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './support/databases.js';

const T0 = Date.parse('2026-05-04T09:00:00.000Z');

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
      expect(user).toMatchObject({ email: 'maya@example.com', tier: 'free', subscriptionStatus: 'none', periodEnd: null });
      expect(await store.createUser({ id: randomUUID(), email: 'maya@example.com', passwordHash: 'x', createdAt: T0 })).toBeUndefined();
      expect((await store.userByEmail('maya@example.com'))?.id).toBe(user.id);
      expect((await store.userById(user.id))?.email).toBe('maya@example.com');
    });

    it('keeps every sign-in attempt and counts the failures since the last success, per email and per address', async () => {
      const user = await newUser();
      const attempt = (outcome: 'ok' | 'wrong_password', at: number, ip: string) => store.recordSignIn({ email: user.email, userId: user.id, outcome, at, ip });
      for (let i = 1; i <= 3; i++) await attempt('wrong_password', T0 + i, '10.0.0.1');
      await attempt('wrong_password', T0 + 4, '10.0.0.2');
      expect(await store.signInFailures(user.email, '10.0.0.1', T0 - 1)).toEqual({ forEmail: { count: 4, lastAt: T0 + 4 }, fromAddress: { count: 3, lastAt: T0 + 3 } });
      // Only failures after `since` count.
      expect((await store.signInFailures(user.email, '10.0.0.1', T0 + 2)).forEmail).toEqual({ count: 2, lastAt: T0 + 4 });
      await attempt('ok', T0 + 5, '10.0.0.2');
      await attempt('wrong_password', T0 + 6, '10.0.0.1');
      expect(await store.signInFailures(user.email, '10.0.0.1', T0 - 1)).toEqual({ forEmail: { count: 1, lastAt: T0 + 6 }, fromAddress: { count: 1, lastAt: T0 + 6 } });
      const attempts = await store.loginAttempts(user.email);
      expect(attempts.map((a) => [a.outcome, a.ip])).toEqual([
        ['wrong_password', '10.0.0.1'],
        ['wrong_password', '10.0.0.1'],
        ['wrong_password', '10.0.0.1'],
        ['wrong_password', '10.0.0.2'],
        ['ok', '10.0.0.2'],
        ['wrong_password', '10.0.0.1'],
      ]);
      // An email with no account is counted the same way.
      await store.recordSignIn({ email: 'nobody@example.com', userId: null, outcome: 'unknown_email', at: T0, ip: '10.0.0.1' });
      expect((await store.signInFailures('nobody@example.com', '10.0.0.9', T0 - 1)).forEmail).toEqual({ count: 1, lastAt: T0 });
    });

    it('creates the account of a sign-up link once, and ends the other links of the same email', async () => {
      const pending = (tokenHash: string, email: string, expiresAt = T0 + 3_600_000) => store.createPendingSignUp({ tokenHash, email, passwordHash: `scrypt$${tokenHash}`, createdAt: T0, expiresAt });
      await pending('p1', 'maya@example.com');
      await pending('p2', 'maya@example.com');
      await pending('late', 'sam@example.com', T0 + 10);
      expect(await store.completeSignUp('late', randomUUID(), T0 + 10)).toBeUndefined();
      const maya = await store.completeSignUp('p1', randomUUID(), T0 + 20);
      expect(maya).toMatchObject({ email: 'maya@example.com', passwordHash: 'scrypt$p1', tier: 'free', createdAt: T0 + 20 });
      expect(await store.completeSignUp('p1', randomUUID(), T0 + 30)).toBeUndefined();
      expect(await store.completeSignUp('p2', randomUUID(), T0 + 30)).toBeUndefined();
      expect((await store.userByEmail('maya@example.com'))?.id).toBe(maya?.id);
    });

    it('prunes expired sessions, used or expired links and old sign-in attempts, and keeps the rest', async () => {
      const user = await newUser();
      const other = await newUser();
      await store.createPasswordReset({ tokenHash: 'r-used', userId: user.id, createdAt: T0, expiresAt: T0 + 10_000 });
      expect(await store.resetPassword('r-used', 'new-hash', T0 + 50)).toBe(user.id);
      await store.createPasswordReset({ tokenHash: 'r-expired', userId: other.id, createdAt: T0, expiresAt: T0 + 100 });
      await store.createPasswordReset({ tokenHash: 'r-live', userId: other.id, createdAt: T0, expiresAt: T0 + 10_000 });
      await store.createSession({ tokenHash: 'expired', userId: user.id, createdAt: T0, expiresAt: T0 + 100 });
      await store.createSession({ tokenHash: 'live', userId: user.id, createdAt: T0, expiresAt: T0 + 10_000 });
      await store.createPendingSignUp({ tokenHash: 'p-expired', email: 'x@example.com', passwordHash: 'h', createdAt: T0, expiresAt: T0 + 100 });
      await store.createPendingSignUp({ tokenHash: 'p-live', email: 'y@example.com', passwordHash: 'h', createdAt: T0, expiresAt: T0 + 10_000 });
      await store.recordSignIn({ email: user.email, userId: user.id, outcome: 'wrong_password', at: T0, ip: null });
      await store.recordSignIn({ email: user.email, userId: user.id, outcome: 'wrong_password', at: T0 + 500, ip: null });

      const pruned = await store.pruneExpired(T0 + 1000, T0 + 1);
      expect(pruned).toEqual({ sessions: 1, passwordResets: 2, pendingSignUps: 1, loginAttempts: 1 });
      expect(await store.sessionByTokenHash('expired')).toBeUndefined();
      expect(await store.sessionByTokenHash('live')).toBeDefined();
      expect(await store.resetPassword('r-live', 'other-hash', T0 + 1000)).toBe(other.id);
      expect((await store.loginAttempts(user.email)).map((a) => a.at)).toEqual([T0 + 50, T0 + 500]);
      expect(await store.completeSignUp('p-live', randomUUID(), T0 + 1000)).toMatchObject({ email: 'y@example.com' });
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
      await store.recordSignIn({ email: user.email, userId: user.id, outcome: 'wrong_password', at: T0, ip: '10.0.0.1' });
      await store.createSession({ tokenHash: 's1', userId: user.id, createdAt: T0, expiresAt: T0 + 10_000 });
      await store.createPasswordReset({ tokenHash: 'r1', userId: user.id, createdAt: T0, expiresAt: T0 + 3_600_000 });
      await store.createPasswordReset({ tokenHash: 'r2', userId: user.id, createdAt: T0, expiresAt: T0 + 3_600_000 });
      await store.createPasswordReset({ tokenHash: 'old', userId: user.id, createdAt: T0, expiresAt: T0 + 10 });

      expect(await store.resetPassword('old', 'new-hash', T0 + 10)).toBeUndefined();
      expect(await store.resetPassword('r1', 'new-hash', T0 + 20)).toBe(user.id);
      expect(await store.resetPassword('r1', 'other-hash', T0 + 30)).toBeUndefined();
      expect(await store.resetPassword('r2', 'other-hash', T0 + 30)).toBeUndefined();
      expect(await store.userById(user.id)).toMatchObject({ passwordHash: 'new-hash' });
      expect(await store.sessionByTokenHash('s1')).toBeUndefined();
      // The reset ends the run of failed sign-ins the throttle counts.
      expect((await store.signInFailures(user.email, '10.0.0.1', T0 - 1)).forEmail.count).toBe(0);
      expect((await store.loginAttempts(user.email)).map((a) => a.outcome)).toEqual(['wrong_password', 'password_reset']);
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
      expect(await store.payments(user.id)).toEqual([expect.objectContaining({ stripeCheckoutSessionId: 'cs_1', stripeInvoiceId: 'in_1', amount: 49_900, currency: 'inr', status: 'paid' })]);
    });

    it('keeps one payment when checkout and the first invoice both describe it', async () => {
      const user = await newUser();
      await store.applyBillingEvent(event(user, T0, { payment: { checkoutSessionId: 'cs_1', invoiceId: 'in_1', subscriptionId: 'sub_1', amount: 49_900, currency: 'inr', status: 'paid' } }), T0);
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
