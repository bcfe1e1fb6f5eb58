import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type Stripe from 'stripe';
import { stripeClient } from './billing/stripe-client.js';
import type { ServiceConfig } from './config.js';
import type { Clock, ServiceContext } from './context.js';
import { PasswordCheckGate } from './accounts/password-check-gate.js';
import { prepareDecoy } from './accounts/password-hash.js';
import { REQUEST_LIMITS, requestLimits, type RequestLimitSettings } from './http/request-limits.js';
import { ServiceError } from './http/service-error.js';
import { AfterAnswer } from './mail/after-answer.js';
import { describeFailure, loggerOptions } from './logger.js';
import { defaultMailer, type Mailer } from './mail/mailer.js';
import { accountDataRoutes } from './routes/account-data.js';
import { accountRoutes } from './routes/accounts.js';
import { billingRoutes } from './routes/billing.js';
import { entitlementRoutes } from './routes/entitlement.js';
import { passwordResetRoutes } from './routes/password-reset.js';
import { stripeWebhookRoutes } from './routes/stripe-webhook.js';
import { PRUNE_EVERY_MS, startPruning } from './store/pruning.js';
import type { LicensingStore } from './store/store.js';

export interface AppOptions {
  config: ServiceConfig;
  store: LicensingStore;
  now?: Clock;
  /** Defaults to defaultMailer with `config.mail`. */
  mailer?: Mailer;
  /** Where the default mailer prints mails (stdout). */
  printMail?: (line: string) => void;
  /** Where log lines go (stderr). */
  logStream?: NodeJS.WritableStream;
  /** Defaults to the official client built from `config.stripe`. */
  stripe?: Stripe;
  /** Tests pass their own to wait for mails sent after an answer. */
  afterAnswer?: AfterAnswer;
  /** Tests that probe one mechanism at a time loosen the others (default REQUEST_LIMITS). */
  requestLimits?: RequestLimitSettings;
  /** How often expired sessions and links are deleted (also once when the service is ready). */
  pruneEveryMs?: number;
}

const GENERIC_REFUSALS: Readonly<Record<number, string>> = {
  400: 'The request body is not valid JSON.',
  413: 'The request body is too large.',
  415: 'Send the request body as application/json.',
};

/** Sent with every answer (OWASP HTTP Headers Cheat Sheet's defaults for an API). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
};

/** The licensing service as a Fastify instance, not yet listening (main.ts listens; tests inject). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, store } = options;
  const app = Fastify({ logger: loggerOptions(config.logLevel, options.logStream), trustProxy: trustedHops(config.trustProxy) });
  const afterAnswer = options.afterAnswer ?? new AfterAnswer();
  afterAnswer.attach(app);
  const context: ServiceContext = {
    config,
    store,
    stripe: options.stripe ?? stripeClient(config.stripe),
    now: options.now ?? Date.now,
    mailer: options.mailer ?? defaultMailer(config.mail, app.log.child({ module: 'mail' }), options.printMail),
    limits: await requestLimits(app, options.requestLimits ?? REQUEST_LIMITS),
    afterAnswer,
    passwordChecks: new PasswordCheckGate(),
  };

  const pruning = startPruning(store, context.now, app.log.child({ module: 'pruning' }), options.pruneEveryMs ?? PRUNE_EVERY_MS);
  app.addHook('onReady', async () => {
    await Promise.all([pruning.prune(), prepareDecoy()]);
  });
  app.addHook('onClose', async () => pruning.stop());

  // Every answer: session tokens, accounts and entitlements must not sit in a cache, the
  // service is only ever reached over HTTPS in production (HSTS is ignored on plain http),
  // and a JSON answer must never be sniffed into something a browser runs.
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ServiceError) {
      request.log.info({ code: error.code }, 'request refused');
      if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.code(error.status).send(error.body);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own refusals (bad JSON, too large): their messages may quote the body, so a fixed sentence instead.
      request.log.info({ code: error.code }, 'request refused');
      return reply.code(status).send({ error: { code: 'INVALID_REQUEST', message: GENERIC_REFUSALS[status] ?? 'The request is not valid.' } });
    }
    request.log.error({ failure: describeFailure(error) }, 'unexpected failure');
    return reply.code(500).send({ error: { code: 'INTERNAL', message: 'Something went wrong on our side: try again in a minute.' } });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send(new ServiceError(404, 'NOT_FOUND', `There is no ${request.method} ${request.url.split('?')[0]} here.`).body));

  app.get('/health', async () => ({ ok: true, database: store.dialect }));
  await app.register(accountRoutes(context));
  await app.register(accountDataRoutes(context));
  await app.register(passwordResetRoutes(context));
  await app.register(billingRoutes(context));
  await app.register(entitlementRoutes(context));
  await app.register(stripeWebhookRoutes(context));
  return app;
}

/** X-Forwarded-For is believed for this many hops from the service: those proxies are ours. */
function trustedHops(count: number): false | ((address: string, hop: number) => boolean) {
  return count > 0 ? (_address, hop) => hop < count : false;
}
