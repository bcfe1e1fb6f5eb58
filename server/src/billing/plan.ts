import { GRACE_PERIOD_DAYS, tierRules, type Account, type EntitlementPayload } from '../../../src-shared/licensing.js';
import type { Tier } from '../../../src-shared/providers.js';
import type { UserRecord } from '../store/store.js';
import { LIVE_STATUSES } from './billing-event.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const GRACE_MS = GRACE_PERIOD_DAYS * DAY_MS;

/**
 * The plan an account has at `now`, which /me shows and /entitlement signs. A paid tier holds
 * while its subscription is active, trialing or past_due, until the paid period's end plus
 * the grace period (a late renewal, an offline week). Everything else is free, valid for a
 * grace period so the app can stay offline that long. A subscription whose period end is
 * not known yet (checkout completed, the subscription event still on its way) counts from
 * now.
 */
export function currentPlan(user: UserRecord, now: number): { tier: Tier; validUntil: number } {
  if (user.tier !== 'free' && LIVE_STATUSES.includes(user.subscriptionStatus)) {
    const validUntil = (user.periodEnd ?? now) + GRACE_MS;
    if (validUntil > now) return { tier: user.tier, validUntil };
  }
  return { tier: 'free', validUntil: now + GRACE_MS };
}

export function accountView(user: UserRecord, now: number): Account {
  return {
    id: user.id,
    email: user.email,
    tier: currentPlan(user, now).tier,
    subscriptionStatus: user.subscriptionStatus,
    periodEnd: user.periodEnd === null ? null : new Date(user.periodEnd).toISOString(),
  };
}

export function entitlementPayload(user: UserRecord, now: number): EntitlementPayload {
  const plan = currentPlan(user, now);
  return {
    v: 1,
    sub: user.id,
    email: user.email,
    ...tierRules(plan.tier),
    issuedAt: new Date(now).toISOString(),
    validUntil: new Date(plan.validUntil).toISOString(),
  };
}
