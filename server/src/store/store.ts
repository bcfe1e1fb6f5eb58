import type { Tier } from '../../../src-shared/providers.js';
import type { SUBSCRIPTION_STATUSES } from '../../../src-shared/licensing.js';
import type { BillingEvent } from '../billing/billing-event.js';

/**
 * Everything the routes keep, behind one interface so they never learn which database
 * holds it: SQLite embedded (sqlite-store.ts) or PostgreSQL (pg-store.ts). Each method is
 * atomic on its own; the ones that change several rows do it in one transaction.
 * Times are milliseconds since the epoch.
 */

export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const SIGN_IN_OUTCOMES = ['ok', 'wrong_password', 'unknown_email', 'locked'] as const;
export type SignInOutcome = (typeof SIGN_IN_OUTCOMES)[number];

export interface UserRecord {
  id: string;
  email: string;
  passwordHash: string;
  tier: Tier;
  subscriptionStatus: SubscriptionStatus;
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
  periodEnd: number | null;
  subscriptionEventAt: number | null;
  failedSignIns: number;
  lockedUntil: number | null;
  projectsThisMonth: number;
  usageMonth: string | null;
  createdAt: number;
}

export interface NewUser {
  id: string;
  email: string;
  passwordHash: string;
  createdAt: number;
}

export interface SessionRecord {
  tokenHash: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
}

export interface PasswordResetRecord {
  tokenHash: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
}

export interface PaymentRecord {
  id: string;
  userId: string;
  stripeCheckoutSessionId: string | null;
  stripeInvoiceId: string | null;
  stripeSubscriptionId: string | null;
  stripeCustomerId: string | null;
  amount: number | null;
  currency: string;
  status: string;
  createdAt: number;
  updatedAt: number;
}

export interface SignInAttempt {
  email: string;
  userId: string | null;
  outcome: SignInOutcome;
  at: number;
}

/** A failed sign-in that brings the count to `maxFailures` locks the account for `lockMs`. */
export interface LockoutPolicy {
  maxFailures: number;
  lockMs: number;
}

export interface LoginAttemptRecord extends SignInAttempt {
  id: number;
}

/** What happened to a webhook event: its effect was kept, it had been kept before, or no account of ours owns it. */
export type BillingOutcome = 'applied' | 'duplicate' | 'no_account';

export interface LicensingStore {
  readonly dialect: 'sqlite' | 'postgres';

  /** The new account, or undefined when the email already has one. */
  createUser(user: NewUser): Promise<UserRecord | undefined>;
  userById(id: string): Promise<UserRecord | undefined>;
  userByEmail(email: string): Promise<UserRecord | undefined>;

  /**
   * Keeps the attempt in login_attempts and moves the account's failure count: a success
   * clears it, a wrong password adds one and, at the policy's limit, locks the account.
   * Returns when the account is locked until (null when it is not).
   */
  recordSignIn(attempt: SignInAttempt, policy: LockoutPolicy): Promise<{ lockedUntil: number | null }>;
  loginAttempts(email: string): Promise<LoginAttemptRecord[]>;

  createSession(session: SessionRecord): Promise<void>;
  sessionByTokenHash(tokenHash: string): Promise<SessionRecord | undefined>;
  deleteSession(tokenHash: string): Promise<void>;

  createPasswordReset(reset: PasswordResetRecord): Promise<void>;
  /**
   * Uses a reset token once: when it is unused and unexpired at `now`, sets the new password
   * hash, clears any lockout, revokes every session and every other reset token of the
   * account, and returns the account id; otherwise undefined and nothing changes.
   */
  resetPassword(tokenHash: string, passwordHash: string, now: number): Promise<string | undefined>;

  /**
   * Applies a verified Stripe event exactly once: its id goes into processed_webhook_events
   * in the same transaction as its effect on the account and its payment.
   */
  applyBillingEvent(event: BillingEvent, now: number): Promise<BillingOutcome>;
  payments(userId: string): Promise<PaymentRecord[]>;

  close(): Promise<void>;
}
