import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import Stripe from 'stripe';
import { CheckoutRequestSchema, type PaidTier } from '../../../src-shared/licensing.js';
import { LIVE_STATUSES } from '../billing/billing-event.js';
import { currentPlan } from '../billing/plan.js';
import { METADATA } from '../billing/stripe-events.js';
import type { ServiceContext } from '../context.js';
import { parseBody } from '../http/request-body.js';
import { ServiceError } from '../http/service-error.js';
import { signedInUser } from '../http/signed-in.js';

/** Where the browser returns after Checkout and the portal, under TALKINGPHOTO_SERVER_RETURN_URL (talkingphoto:// by default). */
export const RETURN_PATHS = {
  checkoutSuccess: 'checkout/success?session_id={CHECKOUT_SESSION_ID}',
  checkoutCancel: 'checkout/cancel',
  portal: 'account',
} as const;

const TIER_NAMES: Readonly<Record<PaidTier, string>> = { starter: 'Starter', pro: 'Pro', enterprise: 'Enterprise' };

/** Buying a plan (Stripe Checkout) and managing it (the Billing Portal). */
export function billingRoutes(context: ServiceContext): FastifyPluginAsync {
  const { stripe, config, now } = context;
  const back = (path: string): string => `${config.returnUrlBase}${path}`;

  return async (app) => {
    app.post('/checkout', async (request) => {
      const user = await signedInUser(request, context);
      const { tier } = parseBody(CheckoutRequestSchema, request.body);
      const plan = currentPlan(user, now());
      // A second Checkout would start a second subscription and bill twice; plan changes go through the portal.
      if (plan.tier !== 'free' && user.stripeSubscriptionId && LIVE_STATUSES.includes(user.subscriptionStatus)) {
        throw new ServiceError(409, 'ALREADY_SUBSCRIBED', `You already have the ${TIER_NAMES[plan.tier]} plan: change or cancel it under Manage subscription.`);
      }
      const metadata = { [METADATA.userId]: user.id, [METADATA.tier]: tier };
      const session = await callStripe(request.log, 'checkout', () =>
        stripe.checkout.sessions.create({
          mode: 'subscription',
          line_items: [{ price: config.stripe.prices[tier], quantity: 1 }],
          client_reference_id: user.id,
          ...(user.stripeCustomerId ? { customer: user.stripeCustomerId } : { customer_email: user.email }),
          success_url: back(RETURN_PATHS.checkoutSuccess),
          cancel_url: back(RETURN_PATHS.checkoutCancel),
          metadata,
          subscription_data: { metadata },
        }),
      );
      if (!session.url) throw unavailable();
      request.log.info({ userId: user.id, tier, checkoutSession: session.id }, 'checkout started');
      return { url: session.url };
    });

    app.post('/portal', async (request) => {
      const user = await signedInUser(request, context);
      if (!user.stripeCustomerId) throw new ServiceError(409, 'NO_SUBSCRIPTION', 'There is no subscription to manage yet: buy a plan first.');
      const customer = user.stripeCustomerId;
      const portal = await callStripe(request.log, 'portal', () => stripe.billingPortal.sessions.create({ customer, return_url: back(RETURN_PATHS.portal) }));
      return { url: portal.url };
    });
  };
}

async function callStripe<T>(log: FastifyBaseLogger, call: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    // Type, code and request id find the call in Stripe's dashboard; the message may quote parameters.
    log.error({ call, stripeType: error.rawType ?? error.type, stripeCode: error.code, status: error.statusCode, requestId: error.requestId }, 'stripe call failed');
    throw unavailable();
  }
}

function unavailable(): ServiceError {
  return new ServiceError(502, 'PAYMENTS_UNAVAILABLE', 'Payments cannot be reached right now: try again in a minute.');
}
