import { createPrivateKey } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAID_TIERS, type PaidTier } from '../../src-shared/licensing.js';
import type { StoreLocation } from './store/open-store.js';

/**
 * The service's configuration, read once from the environment at start. A value that is
 * missing or malformed stops the start with a sentence naming the variable; no value is
 * ever repeated in a message, since most of them are secrets.
 */

export interface StripeConfig {
  secretKey: string;
  webhookSecret: string;
  prices: Readonly<Record<PaidTier, string>>;
  /** Where the Stripe library sends its calls instead of api.stripe.com (a local fake in tests). */
  apiBase: URL | null;
}

export interface ServiceConfig {
  host: string;
  /** 0 picks any free port. */
  port: number;
  store: StoreLocation;
  stripe: StripeConfig;
  /** PEM, PKCS#8 Ed25519. */
  entitlementPrivateKey: string;
  /** Checkout, the portal and reset mails send the browser back under this prefix. */
  returnUrlBase: string;
  /** `log`: mails are printed on stdout (development); `off`: only their sending is logged. */
  mail: 'log' | 'off';
  logLevel: string;
  /**
   * How many proxies in front of the service to trust for X-Forwarded-For (0: none). The
   * rate limits and the sign-in throttle count per client address; behind an untrusted
   * proxy every client would share the proxy's.
   */
  trustProxy: number;
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_RETURN_URL_BASE = 'talkingphoto://';
export const DEFAULT_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../data');
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const PRICE_VARIABLES: Readonly<Record<PaidTier, string>> = {
  starter: 'STRIPE_PRICE_STARTER',
  pro: 'STRIPE_PRICE_PRO',
  enterprise: 'STRIPE_PRICE_ENTERPRISE',
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export function configFromEnv(env: Env = process.env): ServiceConfig {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw ? raw : undefined;
  };
  const required = (name: string, purpose: string, shape: RegExp, shapeSentence: string): string => {
    const found = value(name);
    if (!found) problems.push(`${name} is not set: ${purpose}`);
    else if (!shape.test(found)) problems.push(`${name} ${shapeSentence}`);
    return found ?? '';
  };

  const secretKey = required(
    'STRIPE_SECRET_KEY',
    'give the service your Stripe secret key (sk_test_… in test mode).',
    /^(sk|rk)_(test|live)_\w+$/,
    'does not look like a Stripe secret key: it starts with sk_test_, sk_live_, rk_test_ or rk_live_.',
  );
  const webhookSecret = required(
    'STRIPE_WEBHOOK_SECRET',
    "give the signing secret of the service's webhook endpoint (whsec_…, from the Stripe Dashboard or `stripe listen`).",
    /^whsec_\w+$/,
    'does not look like a webhook signing secret: it starts with whsec_.',
  );
  const prices = Object.fromEntries(
    PAID_TIERS.map((tier) => [
      tier,
      required(PRICE_VARIABLES[tier], `give the id of the ${tier} plan's recurring price (price_…).`, /^price_\w+$/, 'does not look like a Stripe price id: it starts with price_.'),
    ]),
  ) as Record<PaidTier, string>;

  const entitlementPrivateKey = (value('TALKINGPHOTO_ENTITLEMENT_PRIVATE_KEY') ?? '').replace(/\\n/g, '\n');
  if (!entitlementPrivateKey) {
    problems.push('TALKINGPHOTO_ENTITLEMENT_PRIVATE_KEY is not set: give the Ed25519 private key that signs entitlements, in PEM (npm run server:keys prints a new pair).');
  } else if (!isEd25519PrivateKey(entitlementPrivateKey)) {
    problems.push('TALKINGPHOTO_ENTITLEMENT_PRIVATE_KEY is not an Ed25519 private key in PEM: npm run server:keys prints a new pair.');
  }

  const portText = value('PORT') ?? String(DEFAULT_PORT);
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) problems.push('PORT must be a whole number from 0 to 65535 (0 picks any free port).');

  const databaseUrl = value('DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL.');
  const dataDir = path.resolve(value('TALKINGPHOTO_SERVER_DATA_DIR') ?? DEFAULT_DATA_DIR);

  const apiBaseText = value('STRIPE_API_BASE');
  const apiBase = apiBaseText ? parseUrl(apiBaseText) : null;
  if (apiBaseText && !(apiBase && /^https?:$/.test(apiBase.protocol))) {
    problems.push('STRIPE_API_BASE must be an http:// or https:// URL, such as http://127.0.0.1:12111 for a local fake.');
  }

  const returnText = value('TALKINGPHOTO_SERVER_RETURN_URL') ?? DEFAULT_RETURN_URL_BASE;
  if (!parseUrl(returnText)) problems.push('TALKINGPHOTO_SERVER_RETURN_URL must be a URL, such as talkingphoto:// or http://127.0.0.1:8123/.');

  const mail = value('TALKINGPHOTO_SERVER_MAIL');
  if (mail && mail !== 'log') problems.push('TALKINGPHOTO_SERVER_MAIL is either unset or `log` (print mails on stdout).');

  const logLevel = value('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL is one of ${LOG_LEVELS.join(', ')}.`);

  const trustProxyText = value('TALKINGPHOTO_SERVER_TRUST_PROXY') ?? '0';
  const trustProxy = /^\d{1,2}$/.test(trustProxyText) ? Number(trustProxyText) : NaN;
  if (Number.isNaN(trustProxy)) problems.push('TALKINGPHOTO_SERVER_TRUST_PROXY is the number of proxies in front of the service (0 when clients reach it directly).');

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    host: value('HOST') ?? DEFAULT_HOST,
    port,
    store: databaseUrl ? { databaseUrl } : { dataDir },
    stripe: { secretKey, webhookSecret, prices, apiBase },
    entitlementPrivateKey,
    returnUrlBase: returnText.endsWith('/') ? returnText : `${returnText}/`,
    mail: mail === 'log' ? 'log' : 'off',
    logLevel,
    trustProxy,
  };
}

function isEd25519PrivateKey(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
