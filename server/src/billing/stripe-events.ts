import type Stripe from 'stripe';
import { PAID_TIERS, SUBSCRIPTION_STATUSES, type PaidTier } from '../../../src-shared/licensing.js';
import type { SubscriptionStatus } from '../store/store.js';
import type { BillingEvent, PaymentFact, SubscriptionChange } from './billing-event.js';

/**
 * What each Stripe event we subscribe to means for an account. Checkout sessions and
 * subscriptions carry our account id (client_reference_id, and the `user_id` metadata
 * POST /checkout puts on both), so an event finds its account even when it arrives before
 * the one that links the Stripe customer. Shapes follow the library's API version, with the
 * older fields (a subscription's own current_period_end, an invoice's `subscription`) read
 * as a fallback in case the webhook endpoint is pinned to an earlier version.
 */

export const HANDLED_EVENT_TYPES = [
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
] as const;

/** Our metadata keys on checkout sessions and subscriptions. */
export const METADATA = { userId: 'user_id', tier: 'tier' } as const;

/** The currency a payment is recorded in when Stripe's event does not say (the seed's default). */
export const DEFAULT_CURRENCY = 'inr';

export type PriceIds = Readonly<Record<PaidTier, string>>;

/** The account-level meaning of `event`; undefined for events the service does not act on. */
export function billingEventFrom(event: Stripe.Event, prices: PriceIds): BillingEvent | undefined {
  const base = { eventId: event.id, type: event.type, at: event.created * 1000 };
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object;
      if (session.mode !== 'subscription') return undefined;
      const subscriptionId = idOf(session.subscription);
      const paid = session.payment_status === 'paid' || session.payment_status === 'no_payment_required';
      const subscription: SubscriptionChange | undefined = subscriptionId ? { subscriptionId, status: paid ? 'active' : 'incomplete', tier: paidTier(session.metadata?.[METADATA.tier]) } : undefined;
      const payment: PaymentFact = {
        checkoutSessionId: session.id,
        invoiceId: idOf(session.invoice),
        subscriptionId,
        amount: session.amount_total,
        currency: session.currency ?? DEFAULT_CURRENCY,
        status: session.payment_status,
      };
      return { ...base, userId: session.client_reference_id ?? session.metadata?.[METADATA.userId] ?? null, customerId: idOf(session.customer), subscription, payment };
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      const subscription = event.data.object;
      const deleted = event.type === 'customer.subscription.deleted';
      const change: SubscriptionChange = deleted
        ? { subscriptionId: subscription.id, status: 'canceled', periodEnd: null }
        : {
            subscriptionId: subscription.id,
            status: subscriptionStatus(subscription.status),
            tier: tierOfPrice(subscription, prices) ?? paidTier(subscription.metadata[METADATA.tier]),
            periodEnd: periodEnd(subscription),
          };
      return { ...base, userId: subscription.metadata[METADATA.userId] ?? null, customerId: idOf(subscription.customer), subscription: change };
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const invoice = event.data.object;
      const details = invoice.parent?.subscription_details;
      const subscriptionId = idOf(details?.subscription ?? (invoice as LegacyInvoice).subscription ?? null);
      const failed = event.type === 'invoice.payment_failed';
      const payment: PaymentFact = {
        checkoutSessionId: null,
        invoiceId: invoice.id,
        subscriptionId,
        amount: failed ? invoice.amount_due : invoice.amount_paid,
        currency: invoice.currency || DEFAULT_CURRENCY,
        status: failed ? 'failed' : 'paid',
      };
      const subscription: SubscriptionChange | undefined = failed && subscriptionId ? { subscriptionId, status: 'past_due' } : undefined;
      return { ...base, userId: details?.metadata?.[METADATA.userId] ?? null, customerId: idOf(invoice.customer), subscription, payment };
    }
    default:
      return undefined;
  }
}

/** Stripe's statuses folded into the contract's: `incomplete_expired` is over; `paused` collects nothing and gives nothing, like `unpaid`. */
export function subscriptionStatus(status: Stripe.Subscription.Status): SubscriptionStatus {
  const kept = SUBSCRIPTION_STATUSES.find((known) => known === status && known !== 'none');
  if (kept) return kept;
  return status === 'incomplete_expired' ? 'canceled' : 'unpaid';
}

function tierOfPrice(subscription: Stripe.Subscription, prices: PriceIds): PaidTier | undefined {
  const priceIds = subscription.items.data.map((item) => item.price.id);
  return PAID_TIERS.find((tier) => priceIds.includes(prices[tier]));
}

function paidTier(value: string | undefined): PaidTier | undefined {
  return PAID_TIERS.find((tier) => tier === value);
}

function periodEnd(subscription: Stripe.Subscription): number | undefined {
  const ends = subscription.items.data.map((item) => item.current_period_end).filter((end): end is number => typeof end === 'number');
  const legacy = (subscription as LegacySubscription).current_period_end;
  const end = ends.length > 0 ? Math.max(...ends) : legacy;
  return typeof end === 'number' ? end * 1000 : undefined;
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

/** Fields API versions before 2025-03-31 had (webhook endpoints pinned to such a version still send them). */
interface LegacySubscription {
  current_period_end?: number;
}
interface LegacyInvoice {
  subscription?: string | { id: string } | null;
}
