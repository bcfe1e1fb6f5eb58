import { randomBytes } from 'node:crypto';

/**
 * Stripe webhook events as Stripe sends them for the library's API version (the fields the
 * service reads, in their real places: a subscription's period end on its items, an
 * invoice's subscription under parent.subscription_details). Times are in seconds.
 */

export const eventId = (): string => `evt_test_${randomBytes(8).toString('hex')}`;

function envelope(type: string, created: number, object: Record<string, unknown>): Record<string, unknown> {
  return {
    id: eventId(),
    object: 'event',
    api_version: '2026-10-28.endive',
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

export interface CheckoutFacts {
  userId: string;
  customer: string;
  subscription: string;
  tier: string;
  created: number;
  invoice?: string | null;
  amount?: number | null;
  currency?: string | null;
  paymentStatus?: string;
  sessionId?: string;
}

export function checkoutCompleted(facts: CheckoutFacts): Record<string, unknown> {
  return envelope('checkout.session.completed', facts.created, {
    id: facts.sessionId ?? `cs_test_${randomBytes(6).toString('hex')}`,
    object: 'checkout.session',
    mode: 'subscription',
    status: 'complete',
    payment_status: facts.paymentStatus ?? 'paid',
    client_reference_id: facts.userId,
    customer: facts.customer,
    subscription: facts.subscription,
    invoice: facts.invoice === undefined ? `in_test_${randomBytes(6).toString('hex')}` : facts.invoice,
    amount_total: facts.amount === undefined ? 49_900 : facts.amount,
    currency: facts.currency === undefined ? 'inr' : facts.currency,
    metadata: { user_id: facts.userId, tier: facts.tier },
  });
}

export interface SubscriptionFacts {
  userId?: string;
  customer: string;
  subscription: string;
  status: string;
  price: string;
  /** Seconds. */
  periodEnd: number;
  created: number;
  tier?: string;
}

export function subscriptionEvent(kind: 'created' | 'updated' | 'deleted', facts: SubscriptionFacts): Record<string, unknown> {
  return envelope(`customer.subscription.${kind}`, facts.created, {
    id: facts.subscription,
    object: 'subscription',
    customer: facts.customer,
    status: facts.status,
    metadata: { ...(facts.userId ? { user_id: facts.userId } : {}), ...(facts.tier ? { tier: facts.tier } : {}) },
    items: {
      object: 'list',
      data: [{ id: `si_${facts.subscription}`, object: 'subscription_item', price: { id: facts.price, object: 'price' }, quantity: 1, current_period_end: facts.periodEnd }],
    },
  });
}

export interface InvoiceFacts {
  userId?: string;
  customer: string;
  subscription: string;
  invoice: string;
  amount: number;
  currency?: string | null;
  created: number;
}

export function invoiceEvent(kind: 'paid' | 'payment_failed', facts: InvoiceFacts): Record<string, unknown> {
  return envelope(`invoice.${kind}`, facts.created, {
    id: facts.invoice,
    object: 'invoice',
    customer: facts.customer,
    status: kind === 'paid' ? 'paid' : 'open',
    amount_due: facts.amount,
    amount_paid: kind === 'paid' ? facts.amount : 0,
    currency: facts.currency === undefined ? 'inr' : facts.currency,
    parent: {
      type: 'subscription_details',
      subscription_details: { subscription: facts.subscription, metadata: facts.userId ? { user_id: facts.userId } : {} },
    },
  });
}
