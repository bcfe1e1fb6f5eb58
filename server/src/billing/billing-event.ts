import type { Tier } from '../../../src-shared/providers.js';
import type { PaymentRecord, SubscriptionStatus, UserRecord } from '../store/store.js';

/**
 * A verified Stripe event, reduced to what it means for one account: the store applies it
 * (stripe-events.ts builds it). The rules here are pure so both databases apply them alike.
 */

export interface SubscriptionChange {
  subscriptionId: string;
  status: SubscriptionStatus;
  /** The plan, when the event tells it (our metadata or a configured price id). */
  tier?: Tier;
  /** Undefined when the event does not say; null when the subscription has no period left. */
  periodEnd?: number | null;
}

export interface PaymentFact {
  checkoutSessionId: string | null;
  invoiceId: string | null;
  subscriptionId: string | null;
  /** In the currency's smallest unit. */
  amount: number | null;
  /** Lowercase ISO code, as Stripe writes it. */
  currency: string;
  status: string;
}

export interface BillingEvent {
  eventId: string;
  type: string;
  /** When Stripe created the event (ms): the order the account's state follows. */
  at: number;
  /** Our account id, when the event carries it (client_reference_id or our metadata). */
  userId: string | null;
  customerId: string | null;
  subscription?: SubscriptionChange;
  payment?: PaymentFact;
}

export type SubscriptionState = Pick<UserRecord, 'tier' | 'subscriptionStatus' | 'stripeSubscriptionId' | 'periodEnd' | 'subscriptionEventAt'>;

/** Statuses under which a subscription still gives its plan (past_due until period end plus grace). */
export const LIVE_STATUSES: readonly SubscriptionStatus[] = ['active', 'trialing', 'past_due'];

/**
 * The account's subscription after `change`, or undefined when the change must be ignored.
 * Stripe may deliver events late, twice or out of order, and event times have one-second
 * resolution, so the rule is:
 *  1. a canceled subscription stays canceled: Stripe never revives one, so any later-arriving
 *     event about the same subscription is stale;
 *  2. an event older than the newest one applied (subscriptionEventAt) is stale; events of
 *     the same second apply in arrival order;
 *  3. the end of some other subscription leaves a live current subscription alone.
 */
export function nextSubscriptionState(current: SubscriptionState, change: SubscriptionChange, at: number): SubscriptionState | undefined {
  const same = current.stripeSubscriptionId === change.subscriptionId;
  if (same && current.subscriptionStatus === 'canceled') return undefined;
  if (current.subscriptionEventAt !== null && at < current.subscriptionEventAt) return undefined;
  const otherIsLive = current.stripeSubscriptionId !== null && !same && LIVE_STATUSES.includes(current.subscriptionStatus);
  if (otherIsLive && !LIVE_STATUSES.includes(change.status)) return undefined;

  const ended = change.status === 'canceled';
  const keptPeriodEnd = same ? current.periodEnd : null;
  return {
    tier: ended ? 'free' : (change.tier ?? current.tier),
    subscriptionStatus: change.status,
    stripeSubscriptionId: change.subscriptionId,
    periodEnd: ended ? null : change.periodEnd !== undefined ? change.periodEnd : keptPeriodEnd,
    subscriptionEventAt: Math.max(at, current.subscriptionEventAt ?? at),
  };
}

export type PaymentFields = Omit<PaymentRecord, 'id' | 'userId' | 'createdAt'>;

/**
 * One row per payment however many events describe it (checkout.session.completed and the
 * first invoice.paid both do): ids fill in, and a payment once paid stays paid when a late
 * failure of an earlier attempt arrives.
 */
export function mergePayment(existing: PaymentRecord | undefined, fact: PaymentFact, customerId: string | null, at: number): PaymentFields {
  return {
    stripeCheckoutSessionId: existing?.stripeCheckoutSessionId ?? fact.checkoutSessionId,
    stripeInvoiceId: existing?.stripeInvoiceId ?? fact.invoiceId,
    stripeSubscriptionId: existing?.stripeSubscriptionId ?? fact.subscriptionId,
    stripeCustomerId: existing?.stripeCustomerId ?? customerId,
    amount: fact.amount ?? existing?.amount ?? null,
    currency: fact.currency,
    status: existing?.status === 'paid' ? 'paid' : fact.status,
    updatedAt: at,
  };
}
