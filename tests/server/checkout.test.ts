import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedirectSchema } from '../../src-shared/licensing.js';
import { checkoutCompleted } from './support/stripe-events.js';
import { PRICES, START, startTestService, type TestService } from './support/licensing-service.js';

describe('licensing service purchase through Stripe', () => {
  let service: TestService;
  beforeEach(async () => {
    service = await startTestService();
  });
  afterEach(async () => service.close());

  it('creates a subscription Checkout Session for the tier and returns its URL', async () => {
    const { token, account } = await service.signUp('maya@example.com');
    const reply = await service.call('POST', '/checkout', { token, body: { tier: 'pro' } });
    expect(reply.status).toBe(200);
    expect(RedirectSchema.parse(reply.json).url).toBe('https://checkout.stripe.com/c/pay/cs_test_1');

    const [form, ...more] = service.stripeFake.checkoutForms();
    expect(more).toEqual([]);
    expect(Object.fromEntries(form!)).toEqual({
      mode: 'subscription',
      'line_items[0][price]': PRICES.pro,
      'line_items[0][quantity]': '1',
      client_reference_id: account.id,
      customer_email: 'maya@example.com',
      success_url: 'talkingphoto://checkout/success?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'talkingphoto://checkout/cancel',
      'metadata[user_id]': account.id,
      'metadata[tier]': 'pro',
      'subscription_data[metadata][user_id]': account.id,
      'subscription_data[metadata][tier]': 'pro',
    });
  });

  it('returns to TALKINGPHOTO_SERVER_RETURN_URL instead of the app scheme when one is configured', async () => {
    await service.close();
    service = await startTestService({ returnUrlBase: 'http://127.0.0.1:8123/deep-link/' });
    const { token } = await service.signUp();
    await service.call('POST', '/checkout', { token, body: { tier: 'starter' } });
    const form = service.stripeFake.checkoutForms()[0]!;
    expect(form.get('success_url')).toBe('http://127.0.0.1:8123/deep-link/checkout/success?session_id={CHECKOUT_SESSION_ID}');
    expect(form.get('cancel_url')).toBe('http://127.0.0.1:8123/deep-link/checkout/cancel');
    expect(form.get('line_items[0][price]')).toBe(PRICES.starter);
  });

  it('refuses a tier that cannot be bought, and a caller who is not signed in', async () => {
    const { token } = await service.signUp();
    const free = await service.call('POST', '/checkout', { token, body: { tier: 'free' } });
    expect(free.status).toBe(400);
    expect(free.json.error.code).toBe('INVALID_REQUEST');
    expect((await service.call('POST', '/checkout', { body: { tier: 'pro' } })).status).toBe(401);
    expect(service.stripeFake.checkoutForms()).toEqual([]);
  });

  it('sends a paying customer to the Billing Portal, and one without a plan to buy one first', async () => {
    const { token, account } = await service.signUp();
    const none = await service.call('POST', '/portal', { token });
    expect(none.status).toBe(409);
    expect(none.json.error).toEqual({ code: 'NO_SUBSCRIPTION', message: 'There is no subscription to manage yet: buy a plan first.' });

    const created = Math.floor(START / 1000);
    await service.deliver(checkoutCompleted({ userId: account.id, customer: 'cus_maya', subscription: 'sub_maya', tier: 'pro', created }));
    const portal = await service.call('POST', '/portal', { token });
    expect(portal.status).toBe(200);
    expect(portal.json.url).toMatch(/^https:\/\/billing\.stripe\.com\/p\/session\/bps_test_/);
    expect(Object.fromEntries(service.stripeFake.portalForms()[0]!)).toEqual({ customer: 'cus_maya', return_url: 'talkingphoto://account' });
  });

  it('does not start a second subscription for an account that has one', async () => {
    const { token, account } = await service.signUp();
    await service.deliver(checkoutCompleted({ userId: account.id, customer: 'cus_maya', subscription: 'sub_maya', tier: 'pro', created: Math.floor(START / 1000) }));
    const again = await service.call('POST', '/checkout', { token, body: { tier: 'enterprise' } });
    expect(again.status).toBe(409);
    expect(again.json.error).toEqual({ code: 'ALREADY_SUBSCRIBED', message: 'You already have the Pro plan: change or cancel it under Manage subscription.' });
    expect(service.stripeFake.checkoutForms()).toEqual([]);
  });

  it('buys again as the same Stripe customer after a plan ended', async () => {
    const { token, account } = await service.signUp();
    const created = Math.floor(START / 1000);
    await service.deliver(checkoutCompleted({ userId: account.id, customer: 'cus_maya', subscription: 'sub_old', tier: 'pro', created }));
    const { subscriptionEvent } = await import('./support/stripe-events.js');
    await service.deliver(
      subscriptionEvent('deleted', { userId: account.id, customer: 'cus_maya', subscription: 'sub_old', status: 'canceled', price: PRICES.pro, periodEnd: created, created: created + 60 }),
    );
    expect((await service.call('POST', '/checkout', { token, body: { tier: 'starter' } })).status).toBe(200);
    const form = service.stripeFake.checkoutForms()[0]!;
    expect(form.get('customer')).toBe('cus_maya');
    expect(form.has('customer_email')).toBe(false);
  });

  it('answers 502 with a sentence when Stripe fails, without its message', async () => {
    const { token } = await service.signUp();
    service.stripeFake.server.failNext(10, { status: 400, json: { error: { type: 'invalid_request_error', message: 'No such price: price_test_pro' } } });
    const reply = await service.call('POST', '/checkout', { token, body: { tier: 'pro' } });
    expect(reply.status).toBe(502);
    expect(reply.json.error).toEqual({ code: 'PAYMENTS_UNAVAILABLE', message: 'Payments cannot be reached right now: try again in a minute.' });
    expect(service.logLines().some((line) => line.includes('"stripeType":"invalid_request_error"'))).toBe(true);
  });
});
