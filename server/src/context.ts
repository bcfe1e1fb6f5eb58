import type Stripe from 'stripe';
import type { ServiceConfig } from './config.js';
import type { PasswordCheckGate } from './accounts/password-check-gate.js';
import type { RequestLimits } from './http/request-limits.js';
import type { AfterAnswer } from './mail/after-answer.js';
import type { Mailer } from './mail/mailer.js';
import type { LicensingStore } from './store/store.js';

/** Milliseconds since the epoch; injected so tests can move time (backoff, expiry, webhook age). */
export type Clock = () => number;

/** What every route works with. */
export interface ServiceContext {
  config: ServiceConfig;
  store: LicensingStore;
  stripe: Stripe;
  mailer: Mailer;
  now: Clock;
  /** Rate limits per address and per email (@fastify/rate-limit). */
  limits: RequestLimits;
  /** Lookups and mails that must not delay or shape the answer. */
  afterAnswer: AfterAnswer;
  /** Password hashing at a time per address. */
  passwordChecks: PasswordCheckGate;
}
