import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.js';
import { PRICES, START, startTestService, WEBHOOK_SECRET, type TestService } from './support/licensing-service.js';
import { checkoutCompleted, invoiceEvent, subscriptionEvent } from './support/stripe-events.js';

const T = Math.floor(START / 1000);
const PERIOD_END = T + 30 * 24 * 3600;

describe('licensing service Stripe webhooks', () => {
  let service: TestService;
  afterEach(async () => service.close());

  const account = async () => (await service.signUp()).account;

  it('refuses a bad signature, another body than the one signed, and a missing signature with 400', async () => {
    service = await startTestService();
    const { id } = await account();
    const event = checkoutCompleted({ userId: id, customer: 'cus_1', subscription: 'sub_1', tier: 'pro', created: T });

    const wrongSecret = await service.deliver(event, { secret: 'whsec_notTheEndpointSecret' });
    expect(wrongSecret.status).toBe(400);
    expect(wrongSecret.json.error).toEqual({
      code: 'WEBHOOK_SIGNATURE_INVALID',
      message: 'The webhook signature does not match: check that STRIPE_WEBHOOK_SECRET is the signing secret of this endpoint.',
    });

    const { Stripe } = await import('stripe');
    const signature = new Stripe('sk_test_x').webhooks.generateTestHeaderString({ payload: JSON.stringify(event), secret: WEBHOOK_SECRET, timestamp: T });
    const tampered = JSON.stringify({ ...event, data: { object: { ...(event.data as { object: object }).object, metadata: { user_id: id, tier: 'enterprise' } } } });
    const swapped = await service.call('POST', '/stripe/webhook', { body: tampered, headers: { 'stripe-signature': signature } });
    expect(swapped.status).toBe(400);
    expect((await service.call('POST', '/stripe/webhook', { body: JSON.stringify(event) })).status).toBe(400);

    expect(await service.store.userById(id)).toMatchObject({ tier: 'free', stripeCustomerId: null });
  });

  it('refuses an event signed more than five minutes ago, and takes one signed just inside that', async () => {
    service = await startTestService();
    const { id } = await account();
    const stale = await service.deliver(checkoutCompleted({ userId: id, customer: 'cus_1', subscription: 'sub_1', tier: 'pro', created: T }), { timestamp: T - 301 });
    expect(stale.status).toBe(400);
    expect(stale.json.error.message).toBe('The webhook is older than five minutes: its timestamp is outside the tolerance, so it is refused as a possible replay.');
    expect((await service.store.userById(id))?.tier).toBe('free');

    const fresh = await service.deliver(checkoutCompleted({ userId: id, customer: 'cus_1', subscription: 'sub_1', tier: 'pro', created: T }), { timestamp: T - 299 });
    expect(fresh.status).toBe(200);
    expect((await service.store.userById(id))?.tier).toBe('pro');
  });

  for (const { dialect, label, skip } of DIALECTS) {
    it.skipIf(skip)(`applies the same event delivered 100 times once ${label}`, async () => {
      service = await startTestService({ dialect });
      const { id } = await account();
      const event = checkoutCompleted({ userId: id, customer: 'cus_1', subscription: 'sub_1', tier: 'pro', created: T, invoice: 'in_1', amount: 49_900 });
      const first = await Promise.all(Array.from({ length: 50 }, () => service.deliver(event)));
      const rest = [];
      for (let i = 0; i < 50; i++) rest.push(await service.deliver(event));
      const replies = [...first, ...rest];
      expect(replies.every((r) => r.status === 200)).toBe(true);
      expect(replies.filter((r) => r.json.outcome === 'applied')).toHaveLength(1);
      expect(replies.filter((r) => r.json.outcome === 'duplicate')).toHaveLength(99);

      expect(await service.store.userById(id)).toMatchObject({ tier: 'pro', subscriptionStatus: 'active', stripeCustomerId: 'cus_1', stripeSubscriptionId: 'sub_1', subscriptionEventAt: T * 1000 });
      const payments = await service.store.payments(id);
      expect(payments).toEqual([expect.objectContaining({ stripeInvoiceId: 'in_1', amount: 49_900, currency: 'inr', status: 'paid' })]);
      expect(service.logLines().filter((line) => line.includes('"outcome":"applied"'))).toHaveLength(1);
    });

    it.skipIf(skip)(`ends canceled when an update arrives after the deletion it preceded ${label}`, async () => {
      service = await startTestService({ dialect });
      const {
        account: { id },
        token,
      } = await service.signUp();
      const sub = { userId: id, customer: 'cus_1', subscription: 'sub_1', price: PRICES.pro, periodEnd: PERIOD_END };
      await service.deliver(subscriptionEvent('created', { ...sub, status: 'active', created: T }));
      await service.deliver(subscriptionEvent('deleted', { ...sub, status: 'canceled', created: T + 20 }));
      await service.deliver(subscriptionEvent('updated', { ...sub, status: 'active', created: T + 10 }));
      // Stripe's times are whole seconds: an update of the same second as the deletion must not revive it either.
      await service.deliver(subscriptionEvent('updated', { ...sub, status: 'active', created: T + 20 }));
      expect(await service.store.userById(id)).toMatchObject({ tier: 'free', subscriptionStatus: 'canceled', periodEnd: null });
      const me = await service.call('GET', '/me', { token });
      expect(me.json).toMatchObject({ tier: 'free', subscriptionStatus: 'canceled' });
    });
  }

  it('keeps the newest of out-of-order plan changes and the period end the subscription told', async () => {
    service = await startTestService();
    const { id } = await account();
    const sub = { userId: id, customer: 'cus_1', subscription: 'sub_1', status: 'active' };
    await service.deliver(subscriptionEvent('updated', { ...sub, price: PRICES.enterprise, periodEnd: PERIOD_END, created: T + 30 }));
    await service.deliver(subscriptionEvent('updated', { ...sub, price: PRICES.pro, periodEnd: PERIOD_END - 100, created: T + 20 }));
    await service.deliver(checkoutCompleted({ userId: id, customer: 'cus_1', subscription: 'sub_1', tier: 'starter', created: T }));
    expect(await service.store.userById(id)).toMatchObject({ tier: 'enterprise', subscriptionStatus: 'active', periodEnd: PERIOD_END * 1000, stripeCustomerId: 'cus_1' });
  });

  it('marks a failed renewal past_due, and a later recovery active again whatever the arrival order', async () => {
    service = await startTestService();
    const { id } = await account();
    const sub = { userId: id, customer: 'cus_1', subscription: 'sub_1', price: PRICES.pro, periodEnd: PERIOD_END };
    await service.deliver(subscriptionEvent('created', { ...sub, status: 'active', created: T }));
    const failed = await service.deliver(invoiceEvent('payment_failed', { customer: 'cus_1', subscription: 'sub_1', invoice: 'in_2', amount: 49_900, created: T + 100 }));
    expect(failed.json.outcome).toBe('applied');
    expect(await service.store.userById(id)).toMatchObject({ tier: 'pro', subscriptionStatus: 'past_due' });

    await service.deliver(subscriptionEvent('updated', { ...sub, status: 'active', created: T + 300 }));
    await service.deliver(invoiceEvent('payment_failed', { customer: 'cus_1', subscription: 'sub_1', invoice: 'in_3', amount: 49_900, created: T + 200 }));
    expect(await service.store.userById(id)).toMatchObject({ tier: 'pro', subscriptionStatus: 'active' });
  });

  it('records invoice payments with their amount, in INR when the event names no currency', async () => {
    service = await startTestService();
    const { id } = await account();
    await service.deliver(checkoutCompleted({ userId: id, customer: 'cus_1', subscription: 'sub_1', tier: 'pro', created: T, invoice: 'in_1', amount: 49_900 }));
    await service.deliver(invoiceEvent('paid', { userId: id, customer: 'cus_1', subscription: 'sub_1', invoice: 'in_1', amount: 49_900, created: T + 1 }));
    await service.deliver(invoiceEvent('paid', { customer: 'cus_1', subscription: 'sub_1', invoice: 'in_2', amount: 49_900, currency: null, created: T + 30 * 86_400 }));
    await service.deliver(invoiceEvent('paid', { customer: 'cus_1', subscription: 'sub_1', invoice: 'in_usd', amount: 1_200, currency: 'usd', created: T + 31 * 86_400 }));
    const payments = await service.store.payments(id);
    expect(payments.map((p) => [p.stripeInvoiceId, p.amount, p.currency, p.status])).toEqual([
      ['in_1', 49_900, 'inr', 'paid'],
      ['in_2', 49_900, 'inr', 'paid'],
      ['in_usd', 1_200, 'usd', 'paid'],
    ]);
    expect(payments[0]!.stripeCheckoutSessionId).toMatch(/^cs_test_/);
  });

  it('acknowledges events it does not act on and events of customers it does not know', async () => {
    service = await startTestService();
    const other = { id: 'evt_other', object: 'event', type: 'customer.created', created: T, data: { object: { id: 'cus_x', object: 'customer' } } };
    const ignored = await service.deliver(other);
    expect(ignored.status).toBe(200);
    expect(ignored.json).toEqual({ received: true });
    const stranger = await service.deliver(invoiceEvent('paid', { customer: 'cus_stranger', subscription: 'sub_x', invoice: 'in_x', amount: 1, created: T }));
    expect(stranger.json).toEqual({ received: true, outcome: 'no_account' });
  });

  it('acknowledges a signed event it cannot use with 200 and one log line, once however often it comes', async () => {
    service = await startTestService();
    const { id } = await account();
    const subscription = subscriptionEvent('updated', { userId: id, customer: 'cus_1', subscription: 'sub_1', status: 'active', price: PRICES.pro, periodEnd: PERIOD_END, created: T });
    // An object without the items and metadata the mapping reads (a hand-made Dashboard test event, another API version).
    const object = (subscription.data as { object: Record<string, unknown> }).object;
    const broken = { ...subscription, data: { object: { id: object.id, object: 'subscription', customer: 'cus_1', status: 'active' } } };
    const first = await service.deliver(broken);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ received: true, outcome: 'unusable' });
    const again = await service.deliver(broken);
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ received: true, outcome: 'duplicate' });
    const logged = service.logLines().filter((line) => line.includes('webhook event acknowledged but not usable'));
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0]!)).toMatchObject({ level: 40, eventId: subscription.id, type: 'customer.subscription.updated' });

    // A field of the wrong kind is no better: an amount in words.
    const invoice = invoiceEvent('paid', { userId: id, customer: 'cus_1', subscription: 'sub_1', invoice: 'in_words', amount: 1, created: T });
    (invoice.data as { object: Record<string, unknown> }).object.amount_paid = 'forty-nine thousand';
    expect((await service.deliver(invoice)).json).toEqual({ received: true, outcome: 'unusable' });
    expect(await service.store.payments(id)).toEqual([]);
    expect(service.logLines().filter((line) => line.includes('"level":50'))).toEqual([]);
    expect(await service.store.userById(id)).toMatchObject({ tier: 'free', stripeSubscriptionId: null });
  });
});
