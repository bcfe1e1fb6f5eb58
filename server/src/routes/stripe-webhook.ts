import type { FastifyPluginAsync } from 'fastify';
import Stripe from 'stripe';
import { readStripeEvent } from '../billing/usable-event.js';
import type { ServiceContext } from '../context.js';
import { ServiceError } from '../http/service-error.js';

/**
 * How old a signed event may be, in seconds: Stripe's own default (5 minutes), which refuses
 * a captured request replayed later.
 */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * POST /stripe/webhook. The signature covers the exact bytes Stripe sent, so this route
 * alone keeps JSON bodies as a Buffer (its own content-type parser, encapsulated in this
 * plugin); the official library checks signature and age, then the store applies the
 * event once. A failure answers 5xx and Stripe retries; a refusal of the signature is final;
 * a signed event we cannot use is acknowledged (usable-event.ts).
 */
export function stripeWebhookRoutes(context: ServiceContext): FastifyPluginAsync {
  const { stripe, store, config, now } = context;
  return async (app) => {
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    app.post('/stripe/webhook', async (request) => {
      const signature = request.headers['stripe-signature'];
      if (!Buffer.isBuffer(request.body) || typeof signature !== 'string') {
        throw new ServiceError(400, 'WEBHOOK_SIGNATURE_INVALID', 'A Stripe webhook needs its JSON body and its Stripe-Signature header.');
      }
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(request.body, signature, config.stripe.webhookSecret, WEBHOOK_TOLERANCE_SECONDS, undefined, now());
      } catch (error) {
        if (!(error instanceof Stripe.errors.StripeSignatureVerificationError)) throw error;
        const stale = /tolerance/i.test(error.message);
        request.log.warn({ stale }, 'webhook refused: signature');
        throw new ServiceError(
          400,
          'WEBHOOK_SIGNATURE_INVALID',
          stale
            ? 'The webhook is older than five minutes: its timestamp is outside the tolerance, so it is refused as a possible replay.'
            : 'The webhook signature does not match: check that STRIPE_WEBHOOK_SECRET is the signing secret of this endpoint.',
        );
      }

      const read = readStripeEvent(event, config.stripe.prices);
      if (read.kind === 'not_handled') {
        request.log.debug({ eventId: event.id, type: event.type }, 'webhook event not acted on');
        return { received: true };
      }
      if (read.kind === 'unusable') {
        // 200 so Stripe stops retrying what no retry can fix; kept once, so its replays are duplicates.
        const fresh = typeof event.id === 'string' && event.id.length > 0 ? await store.recordUnusableEvent(event.id, String(event.type), now()) : true;
        if (!fresh) return { received: true, outcome: 'duplicate' };
        request.log.warn({ eventId: event.id, type: event.type, problem: read.problem }, 'webhook event acknowledged but not usable: look at it in the Stripe Dashboard');
        return { received: true, outcome: 'unusable' };
      }
      const billing = read.billing;
      const outcome = await store.applyBillingEvent(billing, now());
      const logged = { eventId: event.id, type: event.type, outcome, customer: billing.customerId };
      if (outcome === 'no_account') request.log.warn(logged, 'webhook event for no account of ours');
      else request.log.info(logged, 'webhook event');
      return { received: true, outcome };
    });
  };
}
