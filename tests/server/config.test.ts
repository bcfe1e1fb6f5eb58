import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv, DEFAULT_DATA_DIR } from '../../server/src/config.js';

const ed25519 = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

export const COMPLETE_ENV = {
  STRIPE_SECRET_KEY: 'sk_test_configTest',
  STRIPE_WEBHOOK_SECRET: 'whsec_configTest',
  STRIPE_PRICE_STARTER: 'price_starter1',
  STRIPE_PRICE_PRO: 'price_pro1',
  STRIPE_PRICE_ENTERPRISE: 'price_enterprise1',
  TALKINGPHOTO_ENTITLEMENT_PRIVATE_KEY: ed25519,
};

function problems(env: Record<string, string | undefined>): string[] {
  try {
    configFromEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('licensing service configuration', () => {
  it('reads a complete environment with the documented defaults', () => {
    const config = configFromEnv(COMPLETE_ENV);
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      store: { dataDir: DEFAULT_DATA_DIR },
      stripe: { secretKey: 'sk_test_configTest', webhookSecret: 'whsec_configTest', prices: { starter: 'price_starter1', pro: 'price_pro1', enterprise: 'price_enterprise1' }, apiBase: null },
      returnUrlBase: 'talkingphoto://',
      mail: 'off',
      logLevel: 'info',
      trustProxy: 0,
    });
    expect(DEFAULT_DATA_DIR).toBe(path.resolve('server/data'));
  });

  it('takes PostgreSQL, a port, a Stripe base, a return URL and printed mails from the environment', () => {
    const config = configFromEnv({
      ...COMPLETE_ENV,
      PORT: '0',
      DATABASE_URL: 'postgres://tp:tp@db.internal:5432/licensing',
      STRIPE_API_BASE: 'http://127.0.0.1:12111',
      TALKINGPHOTO_SERVER_RETURN_URL: 'http://127.0.0.1:8123/deep-link',
      TALKINGPHOTO_SERVER_MAIL: 'log',
      TALKINGPHOTO_SERVER_TRUST_PROXY: '1',
      TALKINGPHOTO_ENTITLEMENT_PRIVATE_KEY: ed25519.trim().replace(/\n/g, '\\n'),
    });
    expect(config.trustProxy).toBe(1);
    expect(config.port).toBe(0);
    expect(config.store).toEqual({ databaseUrl: 'postgres://tp:tp@db.internal:5432/licensing' });
    expect(config.stripe.apiBase?.href).toBe('http://127.0.0.1:12111/');
    expect(config.returnUrlBase).toBe('http://127.0.0.1:8123/deep-link/');
    expect(config.mail).toBe('log');
    expect(config.entitlementPrivateKey).toBe(ed25519.trim());
  });

  it('names every missing variable in a sentence of its own', () => {
    expect(problems({})).toEqual([
      'STRIPE_SECRET_KEY is not set: give the service your Stripe secret key (sk_test_… in test mode).',
      "STRIPE_WEBHOOK_SECRET is not set: give the signing secret of the service's webhook endpoint (whsec_…, from the Stripe Dashboard or `stripe listen`).",
      "STRIPE_PRICE_STARTER is not set: give the id of the starter plan's recurring price (price_…).",
      "STRIPE_PRICE_PRO is not set: give the id of the pro plan's recurring price (price_…).",
      "STRIPE_PRICE_ENTERPRISE is not set: give the id of the enterprise plan's recurring price (price_…).",
      'TALKINGPHOTO_ENTITLEMENT_PRIVATE_KEY is not set: give the Ed25519 private key that signs entitlements, in PEM (npm run server:keys prints a new pair).',
    ]);
    expect(problems({ ...COMPLETE_ENV, STRIPE_PRICE_PRO: '  ' })).toEqual(["STRIPE_PRICE_PRO is not set: give the id of the pro plan's recurring price (price_…)."]);
  });

  it('refuses malformed values without repeating them', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const found = problems({
      ...COMPLETE_ENV,
      STRIPE_SECRET_KEY: 'pk_test_PUBLISHABLEVALUE',
      TALKINGPHOTO_ENTITLEMENT_PRIVATE_KEY: rsa,
      PORT: '70000',
      DATABASE_URL: 'mysql://SECRETPASSWORD@db/licensing',
      STRIPE_API_BASE: 'ftp://fake',
      TALKINGPHOTO_SERVER_MAIL: 'smtp',
      TALKINGPHOTO_SERVER_TRUST_PROXY: 'yes',
    });
    expect(found).toEqual([
      'STRIPE_SECRET_KEY does not look like a Stripe secret key: it starts with sk_test_, sk_live_, rk_test_ or rk_live_.',
      'TALKINGPHOTO_ENTITLEMENT_PRIVATE_KEY is not an Ed25519 private key in PEM: npm run server:keys prints a new pair.',
      'PORT must be a whole number from 0 to 65535 (0 picks any free port).',
      'DATABASE_URL must be a postgres:// or postgresql:// URL.',
      'STRIPE_API_BASE must be an http:// or https:// URL, such as http://127.0.0.1:12111 for a local fake.',
      'TALKINGPHOTO_SERVER_MAIL is either unset or `log` (print mails on stdout).',
      'TALKINGPHOTO_SERVER_TRUST_PROXY is the number of proxies in front of the service (0 when clients reach it directly).',
    ]);
    expect(found.join('\n')).not.toMatch(/PUBLISHABLEVALUE|SECRETPASSWORD|BEGIN PRIVATE KEY/);
  });
});
