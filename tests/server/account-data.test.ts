import { afterEach, describe, expect, it } from 'vitest';
import { AccountExportSchema } from '../../src-shared/licensing.js';
import { DIALECTS } from './support/databases.js';
import { checkoutCompleted, invoiceEvent, subscriptionEvent } from './support/stripe-events.js';
import { DAY, PRICES, START, startTestService, type TestService } from './support/licensing-service.js';

const EMAIL = 'maya@example.com';
const PASSWORD = 'correct horse battery';

/** A Pro subscriber as Stripe and the service both see her: checkout, the subscription, one paid invoice. */
async function subscriber(service: TestService) {
  const session = await service.signUp(EMAIL, PASSWORD);
  const created = Math.floor(START / 1000);
  service.stripeFake.addSubscription('sub_maya', 'cus_maya');
  await service.deliver(checkoutCompleted({ userId: session.account.id, customer: 'cus_maya', subscription: 'sub_maya', tier: 'pro', created, invoice: 'in_maya_1', amount: 49_900 }));
  await service.deliver(
    subscriptionEvent('created', {
      userId: session.account.id,
      customer: 'cus_maya',
      subscription: 'sub_maya',
      status: 'active',
      price: PRICES.pro,
      periodEnd: created + 30 * 86_400,
      created,
      tier: 'pro',
    }),
  );
  await service.deliver(invoiceEvent('paid', { userId: session.account.id, customer: 'cus_maya', subscription: 'sub_maya', invoice: 'in_maya_1', amount: 49_900, created }));
  return session;
}

describe('licensing service: the account owner takes their data and goes', () => {
  let service: TestService;
  afterEach(async () => service?.close());

  for (const { dialect, label, skip } of DIALECTS) {
    it.skipIf(skip)(`exports everything it holds about the account as JSON, without the password hash or token hashes ${label}`, async () => {
      service = await startTestService({ dialect });
      const { token, account } = await subscriber(service);
      // A wrong password first (kept in login_attempts), then a second signed-in app.
      expect((await service.call('POST', '/sessions', { body: { email: EMAIL, password: 'not my password' } })).status).toBe(401);
      const second = await service.call('POST', '/sessions', { body: { email: EMAIL, password: PASSWORD } });
      expect(second.status).toBe(200);
      // Someone else's rows must not appear.
      await service.signUp('other@example.com', PASSWORD);

      const reply = await service.call('GET', '/account/export', { token });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-disposition']).toMatch(/^attachment; filename="talkingphoto-account-2026-05-04\.json"$/);
      const data = AccountExportSchema.parse(reply.json);
      expect(data.profile).toMatchObject({ id: account.id, email: EMAIL, createdAt: new Date(START).toISOString() });
      expect(data.subscription).toMatchObject({ tier: 'pro', status: 'active', stripeCustomerId: 'cus_maya', stripeSubscriptionId: 'sub_maya' });
      expect(data.purchases).toHaveLength(1);
      expect(data.purchases[0]).toMatchObject({ stripeInvoiceId: 'in_maya_1', stripeSubscriptionId: 'sub_maya', amount: 49_900, currency: 'inr', status: 'paid' });
      expect(data.sessions.map((s) => s.current)).toEqual([true, false]);
      expect(data.loginAttempts.map((a) => a.outcome)).toEqual(['wrong_password', 'ok']);
      expect(data.signUpLinks).toHaveLength(1);
      expect(data.signUpLinks[0]!.usedAt).not.toBeNull();
      expect(reply.body).not.toContain('other@example.com');
      // Secrets are named as left out, never sent.
      expect(reply.body).not.toMatch(/scrypt\$|tokenHash|passwordHash/);
      expect(reply.body).not.toContain(token);
      expect(data.notIncluded.join(' ')).toMatch(/password/);
    });

    it.skipIf(skip)(`deleting the account cancels its Stripe subscription first, then erases every row of it ${label}`, async () => {
      service = await startTestService({ dialect });
      const { token, account } = await subscriber(service);
      const other = await service.signUp('other@example.com', PASSWORD);
      expect((await service.call('POST', '/password-reset', { body: { email: EMAIL } })).status).toBe(202);
      await service.settled();

      const reply = await service.call('DELETE', '/account', { token });
      expect(reply.status).toBe(204);
      expect(service.stripeFake.cancelledSubscriptions()).toEqual(['sub_maya']);
      expect(service.stripeFake.subscription('sub_maya')?.status).toBe('canceled');

      expect(await service.store.userById(account.id)).toBeUndefined();
      expect(await service.store.userByEmail(EMAIL)).toBeUndefined();
      expect(await service.store.payments(account.id)).toEqual([]);
      expect(await service.store.loginAttempts(EMAIL)).toEqual([]);
      expect(await service.store.accountRecords(account.id)).toBeUndefined();
      // The session is gone with it; the other account is untouched.
      expect((await service.call('GET', '/me', { token })).status).toBe(401);
      expect((await service.call('GET', '/me', { token: other.token })).json.email).toBe('other@example.com');
      // Stripe's own "subscription deleted" webhook that follows finds no account, and is not an error.
      const ended = await service.deliver(
        subscriptionEvent('deleted', {
          userId: account.id,
          customer: 'cus_maya',
          subscription: 'sub_maya',
          status: 'canceled',
          price: PRICES.pro,
          periodEnd: Math.floor((START + DAY) / 1000),
          created: Math.floor(START / 1000) + 60,
        }),
      );
      expect(ended.json).toMatchObject({ received: true, outcome: 'no_account' });
      // The log says what was erased by id, never whose email it was.
      const erased = service.logLines().find((line) => line.includes('account erased'));
      expect(erased).toContain(account.id);
      expect(erased).not.toContain(EMAIL);
      // The address can sign up again, as a new account.
      expect((await service.signUp(EMAIL, PASSWORD)).account.id).not.toBe(account.id);
    });
  }

  it('erases nothing when Stripe cannot cancel the subscription, and says so in one sentence', async () => {
    service = await startTestService();
    const { token, account } = await subscriber(service);
    // More failures than the Stripe library's own retries.
    service.stripeFake.server.failNext(5, { status: 500, json: { error: { type: 'api_error', message: 'An unknown error occurred' } } }, (r) => r.method === 'DELETE');

    const reply = await service.call('DELETE', '/account', { token });
    expect(reply.status).toBe(502);
    expect(reply.json.error).toEqual({
      code: 'PAYMENTS_UNAVAILABLE',
      message: 'Your subscription could not be cancelled at Stripe just now, so nothing was deleted: try again in a few minutes.',
    });
    expect(service.stripeFake.subscription('sub_maya')?.status).toBe('active');
    expect((await service.store.userById(account.id))?.email).toBe(EMAIL);
    expect(await service.store.payments(account.id)).toHaveLength(1);
    expect((await service.call('GET', '/me', { token })).status).toBe(200);

    // Once Stripe answers again, the same request goes through.
    service.stripeFake.server.calm();
    expect((await service.call('DELETE', '/account', { token })).status).toBe(204);
    expect(service.stripeFake.subscription('sub_maya')?.status).toBe('canceled');
    expect(await service.store.userById(account.id)).toBeUndefined();
  });

  it('deletes a free account without calling Stripe, and one whose subscription Stripe no longer knows', async () => {
    service = await startTestService();
    const free = await service.signUp('free@example.com', PASSWORD);
    expect((await service.call('DELETE', '/account', { token: free.token })).status).toBe(204);
    expect(service.stripeFake.cancelledSubscriptions()).toEqual([]);
    expect(await service.store.userById(free.account.id)).toBeUndefined();

    // Checkout and the subscription happened, but the subscription was deleted in Stripe's Dashboard since.
    const session = await service.signUp(EMAIL, PASSWORD);
    const created = Math.floor(START / 1000);
    await service.deliver(checkoutCompleted({ userId: session.account.id, customer: 'cus_gone', subscription: 'sub_gone', tier: 'pro', created }));
    expect((await service.call('DELETE', '/account', { token: session.token })).status).toBe(204);
    expect(service.stripeFake.cancelledSubscriptions()).toEqual(['sub_gone']);
    expect(await service.store.userById(session.account.id)).toBeUndefined();
  });

  it('refuses both without a session', async () => {
    service = await startTestService();
    expect((await service.call('GET', '/account/export')).status).toBe(401);
    expect((await service.call('DELETE', '/account')).status).toBe(401);
  });
});
