import Stripe from 'stripe';
import type { StripeConfig } from '../config.js';

/** A Stripe call that has not answered in this long is given up (the creator waits on it). */
const STRIPE_TIMEOUT_MS = 20_000;

/**
 * The official client, with our secret key. STRIPE_API_BASE points it at another host
 * through the library's own host/port/protocol options; tests run a local fake there.
 */
export function stripeClient(config: StripeConfig): Stripe {
  const base = config.apiBase;
  const protocol = base?.protocol === 'http:' ? 'http' : 'https';
  return new Stripe(config.secretKey, {
    maxNetworkRetries: 2,
    timeout: STRIPE_TIMEOUT_MS,
    telemetry: false,
    ...(base ? { host: base.hostname, port: base.port || (protocol === 'http' ? 80 : 443), protocol } : {}),
  });
}
