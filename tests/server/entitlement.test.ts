import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyEntitlement } from '../../src-shared/entitlement-token.js';
import { EntitlementResponseSchema, GRACE_PERIOD_DAYS } from '../../src-shared/licensing.js';
import { DAY, PRICES, START, startTestService, type TestService } from './support/licensing-service.js';
import { checkoutCompleted, invoiceEvent, subscriptionEvent } from './support/stripe-events.js';

const T = Math.floor(START / 1000);
const PERIOD_END_MS = START + 30 * DAY;
const GRACE = GRACE_PERIOD_DAYS * DAY;

describe('licensing service entitlements', () => {
  let service: TestService;
  beforeEach(async () => {
    service = await startTestService();
  });
  afterEach(async () => service.close());

  const entitlement = async (token: string): Promise<string> => {
    const reply = await service.call('GET', '/entitlement', { token });
    expect(reply.status).toBe(200);
    return EntitlementResponseSchema.parse(reply.json).token;
  };
  const buyPro = async (userId: string): Promise<void> => {
    await service.deliver(checkoutCompleted({ userId, customer: 'cus_1', subscription: 'sub_1', tier: 'pro', created: T }));
    await service.deliver(subscriptionEvent('updated', { userId, customer: 'cus_1', subscription: 'sub_1', status: 'active', price: PRICES.pro, periodEnd: PERIOD_END_MS / 1000, created: T + 1 }));
  };

  it('signs a free entitlement for a new account that verifies offline with the public key', async () => {
    const { token, account } = await service.signUp('maya@example.com');
    const check = verifyEntitlement(await entitlement(token), service.publicKeyPem, service.clock.now());
    expect(check).toEqual({
      ok: true,
      payload: {
        v: 1,
        sub: account.id,
        email: 'maya@example.com',
        tier: 'free',
        projectsPerMonth: 3,
        watermark: true,
        issuedAt: new Date(START).toISOString(),
        validUntil: new Date(START + GRACE).toISOString(),
      },
    });
  });

  it('shows the tier bought through the webhook, valid until the period end plus the grace period', async () => {
    const { token, account } = await service.signUp();
    await buyPro(account.id);
    const check = verifyEntitlement(await entitlement(token), service.publicKeyPem, service.clock.now());
    expect(check.ok && check.payload).toMatchObject({ tier: 'pro', projectsPerMonth: null, watermark: false, validUntil: new Date(PERIOD_END_MS + GRACE).toISOString() });
    expect((await service.call('GET', '/me', { token })).json).toMatchObject({ tier: 'pro', subscriptionStatus: 'active', periodEnd: new Date(PERIOD_END_MS).toISOString() });
  });

  it('fails verification when any one byte of the token changes', async () => {
    const { token } = await service.signUp();
    const good = await entitlement(token);
    const [body, signature] = good.split('.') as [string, string];
    const flip = (text: string, at: number): string => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    for (const tampered of [`${flip(body, 10)}.${signature}`, `${body}.${flip(signature, 5)}`, `${flip(body, body.length - 3)}.${signature}`]) {
      const check = verifyEntitlement(tampered, service.publicKeyPem, service.clock.now());
      expect(check.ok).toBe(false);
      expect(['bad_signature', 'malformed']).toContain(check.ok ? '' : check.reason);
    }
    const { generateKeyPairSync } = await import('node:crypto');
    const stranger = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyEntitlement(good, stranger, service.clock.now())).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('is expired from its valid-until on, so the app falls back to free', async () => {
    const { token, account } = await service.signUp();
    await buyPro(account.id);
    const signed = await entitlement(token);
    const validUntil = PERIOD_END_MS + GRACE;
    expect(verifyEntitlement(signed, service.publicKeyPem, validUntil - 1).ok).toBe(true);
    const expired = verifyEntitlement(signed, service.publicKeyPem, validUntil);
    expect(expired).toMatchObject({ ok: false, reason: 'expired', payload: { tier: 'pro' } });
  });

  it('keeps a past_due plan until its period end plus grace, then issues free', async () => {
    const { account } = await service.signUp('maya@example.com', 'correct horse battery');
    // Sessions last a day; weeks later the app signs in again.
    const signIn = async (): Promise<string> => (await service.call('POST', '/sessions', { body: { email: 'maya@example.com', password: 'correct horse battery' } })).json.token;
    await buyPro(account.id);
    await service.deliver(invoiceEvent('payment_failed', { customer: 'cus_1', subscription: 'sub_1', invoice: 'in_2', amount: 49_900, created: T + 2 }));

    service.clock.set(PERIOD_END_MS + GRACE - 60_000);
    const late = verifyEntitlement(await entitlement(await signIn()), service.publicKeyPem, service.clock.now());
    expect(late.ok && late.payload).toMatchObject({ tier: 'pro', validUntil: new Date(PERIOD_END_MS + GRACE).toISOString() });

    service.clock.set(PERIOD_END_MS + GRACE);
    const after = verifyEntitlement(await entitlement(await signIn()), service.publicKeyPem, service.clock.now());
    expect(after.ok && after.payload).toMatchObject({ tier: 'free', watermark: true, projectsPerMonth: 3 });
  });

  it('goes back to free when the subscription is deleted', async () => {
    const { token, account } = await service.signUp();
    await buyPro(account.id);
    await service.deliver(
      subscriptionEvent('deleted', { userId: account.id, customer: 'cus_1', subscription: 'sub_1', status: 'canceled', price: PRICES.pro, periodEnd: PERIOD_END_MS / 1000, created: T + 60 }),
    );
    const check = verifyEntitlement(await entitlement(token), service.publicKeyPem, service.clock.now());
    expect(check.ok && check.payload.tier).toBe('free');
  });
});
