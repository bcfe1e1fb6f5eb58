import type Stripe from 'stripe';
import { z } from 'zod';
import { SUBSCRIPTION_STATUSES } from '../../../src-shared/licensing.js';
import { TIERS } from '../../../src-shared/providers.js';
import type { BillingEvent } from './billing-event.js';
import { billingEventFrom, type PriceIds } from './stripe-events.js';

/**
 * A correctly signed event can still be one we cannot use: an API version that moved a
 * field, a test event sent by hand from the Dashboard with parts missing. Answering 5xx
 * would make Stripe retry it for three days and mark the endpoint failing, and no retry
 * can fix it; so such an event is acknowledged, kept once, and logged for a person.
 */

const nullableId = z.string().min(1).nullable();

/** What the store needs of a billing event, checked before it reaches the database. */
const BillingEventShape = z.object({
  eventId: z.string().min(1),
  type: z.string().min(1),
  at: z.number().int().nonnegative(),
  userId: nullableId,
  customerId: nullableId,
  subscription: z
    .object({
      subscriptionId: z.string().min(1),
      status: z.enum(SUBSCRIPTION_STATUSES),
      tier: z.enum(TIERS).optional(),
      periodEnd: z.number().int().nonnegative().nullable().optional(),
    })
    .optional(),
  payment: z
    .object({
      checkoutSessionId: nullableId,
      invoiceId: nullableId,
      subscriptionId: nullableId,
      amount: z.number().int().nullable(),
      currency: z.string().min(1),
      status: z.string().min(1),
    })
    .optional(),
});

export type ReadEvent = { kind: 'billing'; billing: BillingEvent } | { kind: 'not_handled' } | { kind: 'unusable'; problem: string };

/** The account-level meaning of a verified event, or why there is none. */
export function readStripeEvent(event: Stripe.Event, prices: PriceIds): ReadEvent {
  let billing: BillingEvent | undefined;
  try {
    billing = billingEventFrom(event, prices);
  } catch (error) {
    // A field the mapping reads is missing or of another type (a TypeError reading it).
    return { kind: 'unusable', problem: `${(error as Error).name}: a field this event type must have is missing` };
  }
  if (!billing) return { kind: 'not_handled' };
  const checked = BillingEventShape.safeParse(billing);
  if (!checked.success) {
    const fields = [...new Set(checked.error.issues.map((issue) => issue.path.join('.')))];
    return { kind: 'unusable', problem: `unexpected values in ${fields.join(', ')}` };
  }
  return { kind: 'billing', billing };
}
