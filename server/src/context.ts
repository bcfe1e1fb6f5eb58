import type Stripe from 'stripe';
import type { ServiceConfig } from './config.js';
import type { Mailer } from './mail/mailer.js';
import type { LicensingStore } from './store/store.js';

/** Milliseconds since the epoch; injected so tests can move time (lockouts, expiry, webhook age). */
export type Clock = () => number;

/** What every route works with. */
export interface ServiceContext {
  config: ServiceConfig;
  store: LicensingStore;
  stripe: Stripe;
  mailer: Mailer;
  now: Clock;
}
