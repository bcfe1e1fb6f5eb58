import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import Stripe from 'stripe';
import type { Session } from '../../../src-shared/licensing.js';
import { buildApp } from '../../../server/src/app.js';
import type { RequestLimitSettings } from '../../../server/src/http/request-limits.js';
import { AfterAnswer } from '../../../server/src/mail/after-answer.js';
import type { ServiceConfig } from '../../../server/src/config.js';
import type { LicensingStore } from '../../../server/src/store/store.js';
import { freshDatabase, type Dialect, type TestDatabase } from './databases.js';
import { FAKE_STRIPE_KEY, startStripeFake, type StripeFake } from './stripe-fake.js';

/**
 * The licensing service in-process, the way main.ts builds it, with: its own database, a
 * fake Stripe behind the official library, a clock the test moves, every log line and every
 * printed mail captured. Requests go through Fastify's inject (the real routing, parsers and
 * error handler, without a socket).
 */

export const PRICES = { starter: 'price_test_starter', pro: 'price_test_pro', enterprise: 'price_test_enterprise' } as const;
export const WEBHOOK_SECRET = 'whsec_testLicensingServiceSecret';
export const START = Date.parse('2026-05-04T09:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever the service answered: each test reads the fields it asserts or parses it with the route's schema
  json: any;
  headers: Record<string, unknown>;
  body: string;
}

export interface TestService {
  app: FastifyInstance;
  store: LicensingStore;
  database: TestDatabase;
  stripeFake: StripeFake;
  config: ServiceConfig;
  publicKeyPem: string;
  clock: { now(): number; advance(ms: number): void; set(ms: number): void };
  /** Every log line the service wrote, as text. */
  logLines(): string[];
  /** Lines the default mailer printed (its mail transport), e.g. `password reset mail for …: <link>`. */
  mails: string[];
  /** Waits for the work routes do after answering (lookups, tokens, mails). */
  settled(): Promise<void>;
  /** `from`: the client's address (inject's default is 127.0.0.1). */
  call(method: string, url: string, options?: { body?: unknown; token?: string; headers?: Record<string, string>; from?: string }): Promise<Reply>;
  /** Signs up the way a person does: POST /accounts, then the mailed link's token to POST /accounts/confirm. */
  signUp(email?: string, password?: string): Promise<Session>;
  /** Posts `event` to /stripe/webhook as Stripe does: its content type, its signature (timestamp: the clock, in seconds). */
  deliver(event: unknown, options?: { timestamp?: number; secret?: string }): Promise<Reply>;
  close(): Promise<void>;
}

/** The token of a mail transport line `… mail for <email>: talkingphoto://…?token=…`. */
export function tokenIn(mail: string | undefined): string {
  const link = /: (\S+)$/.exec(mail ?? '')?.[1];
  const token = link && new URL(link).searchParams.get('token');
  if (!token) throw new Error(`no link with a token in ${mail}`);
  return token;
}

/** The rate limits raised out of the way, for a test of the sign-in backoff alone. */
export const LOOSE_REQUEST_LIMITS: RequestLimitSettings = {
  signIn: { perAddress: { max: 1000, minutes: 1 }, perEmail: { max: 1000, minutes: 1 } },
  signUp: { perAddress: { max: 1000, minutes: 1 }, perEmail: { max: 1000, minutes: 1 } },
  passwordReset: { perAddress: { max: 1000, minutes: 1 }, perEmail: { max: 1000, minutes: 1 } },
  redeemLink: { perAddress: { max: 1000, minutes: 1 } },
};

export async function startTestService(
  options: {
    dialect?: Dialect;
    logLevel?: string;
    returnUrlBase?: string;
    pruneEveryMs?: number;
    database?: TestDatabase;
    requestLimits?: RequestLimitSettings;
    trustProxy?: number;
    /** A PKCS#8 PEM to sign entitlements with (an app under test trusts its public key); a fresh pair otherwise. */
    entitlementPrivateKey?: string;
  } = {},
): Promise<TestService> {
  const database = options.database ?? (await freshDatabase(options.dialect ?? 'sqlite'));
  const stripeFake = await startStripeFake();
  const fresh = generateKeyPairSync('ed25519');
  const privateKey = options.entitlementPrivateKey ? createPrivateKey(options.entitlementPrivateKey) : fresh.privateKey;
  const publicKey = options.entitlementPrivateKey ? createPublicKey(privateKey) : fresh.publicKey;
  const config: ServiceConfig = {
    host: '127.0.0.1',
    port: 0,
    store: { dataDir: 'unused: the store is opened by the test' },
    stripe: { secretKey: FAKE_STRIPE_KEY, webhookSecret: WEBHOOK_SECRET, prices: PRICES, apiBase: new URL(stripeFake.url) },
    entitlementPrivateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    returnUrlBase: options.returnUrlBase ?? 'talkingphoto://',
    mail: 'log',
    logLevel: options.logLevel ?? 'info',
    trustProxy: options.trustProxy ?? 0,
  };
  let now = START;
  const clock = { now: () => now, advance: (ms: number) => void (now += ms), set: (ms: number) => void (now = ms) };
  let logText = '';
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logText += chunk.toString();
      done();
    },
  });
  const mails: string[] = [];
  const afterAnswer = new AfterAnswer();
  const app = await buildApp({
    config,
    store: database.store,
    now: clock.now,
    logStream,
    printMail: (line) => mails.push(line),
    afterAnswer,
    pruneEveryMs: options.pruneEveryMs,
    requestLimits: options.requestLimits,
  });
  const signer = new Stripe(FAKE_STRIPE_KEY);
  let signUps = 0;

  const call: TestService['call'] = async (method, url, { body, token, headers, from } = {}) => {
    const response = await app.inject({
      method: method as 'GET',
      url,
      ...(from ? { remoteAddress: from } : {}),
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    let json: unknown;
    try {
      json = response.body ? JSON.parse(response.body) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.statusCode, json, headers: response.headers, body: response.body };
  };

  return {
    app,
    store: database.store,
    database,
    stripeFake,
    config,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    clock,
    logLines: () => logText.split('\n').filter(Boolean),
    mails,
    settled: () => afterAnswer.settled(),
    call,
    async signUp(email = `creator-${Math.random().toString(36).slice(2)}@example.com`, password = 'correct horse battery') {
      // Each sign-up from its own address, so a test's accounts do not share one address's rate limit.
      const from = `10.0.${Math.floor(signUps / 250)}.${(signUps++ % 250) + 1}`;
      const asked = await call('POST', '/accounts', { body: { email, password }, from });
      if (asked.status !== 202) throw new Error(`sign-up failed: ${asked.status} ${asked.body}`);
      await afterAnswer.settled();
      const mail = mails.filter((line) => line.startsWith(`sign-up mail for ${email.trim().toLowerCase()}: `)).at(-1);
      const reply = await call('POST', '/accounts/confirm', { body: { token: tokenIn(mail) }, from });
      if (reply.status !== 201) throw new Error(`sign-up confirmation failed: ${reply.status} ${reply.body}`);
      return reply.json as Session;
    },
    async deliver(event, { timestamp = Math.floor(now / 1000), secret = WEBHOOK_SECRET } = {}) {
      const payload = JSON.stringify(event);
      const signature = signer.webhooks.generateTestHeaderString({ payload, secret, timestamp });
      return call('POST', '/stripe/webhook', { body: payload, headers: { 'stripe-signature': signature, 'content-type': 'application/json; charset=utf-8' } });
    },
    async close() {
      await app.close();
      await database.dispose();
      await stripeFake.close();
    },
  };
}
