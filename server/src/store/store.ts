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

/**
 * `password_reset`: the account's password was reset by mail, which, like `ok`, ends the run
 * of failures the throttle counts. `locked` only appears in rows from before the throttle
 * replaced the 30-minute lockout.
 */
export const SIGN_IN_OUTCOMES = ['ok', 'wrong_password', 'unknown_email', 'password_reset', 'locked'] as const;
export type SignInOutcome = (typeof SIGN_IN_OUTCOMES)[number];
/** What ends a run of failed sign-ins, and what counts in one. */
export const SIGN_IN_RUN_ENDS: readonly SignInOutcome[] = ['ok', 'password_reset'];
export const SIGN_IN_FAILURES: readonly SignInOutcome[] = ['wrong_password', 'unknown_email'];

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
  /** The client's address; null where it is not known. */
  ip: string | null;
}

/** A run of failed sign-ins: how many, and when the last one was. */
export interface FailureRun {
  count: number;
  lastAt: number | null;
}

export interface PendingSignUpRecord {
  tokenHash: string;
  email: string;
  passwordHash: string;
  createdAt: number;
  expiresAt: number;
}

/** What pruneExpired deleted. */
export interface Pruned {
  sessions: number;
  passwordResets: number;
  pendingSignUps: number;
  loginAttempts: number;
}

export interface LoginAttemptRecord extends SignInAttempt {
  id: number;
}

/** Every row the service keeps about one account, for its owner's export (GET /account/export). */
export interface AccountRecords {
  user: UserRecord;
  sessions: SessionRecord[];
  passwordResets: (PasswordResetRecord & { usedAt: number | null })[];
  payments: PaymentRecord[];
  /** By the account's id, and by its email (failed tries at the address before or without a match). */
  loginAttempts: LoginAttemptRecord[];
  /** Sign-up links mailed to the account's email. */
  pendingSignUps: (PendingSignUpRecord & { usedAt: number | null })[];
}

/** How many rows an account's erasure deleted, per table. */
export interface ErasedAccount {
  users: number;
  sessions: number;
  passwordResets: number;
  payments: number;
  loginAttempts: number;
  pendingSignUps: number;
}

/** What happened to a webhook event: its effect was kept, it had been kept before, or no account of ours owns it. */
export type BillingOutcome = 'applied' | 'duplicate' | 'no_account';

export interface LicensingStore {
  readonly dialect: 'sqlite' | 'postgres';

  /** The new account, or undefined when the email already has one. */
  createUser(user: NewUser): Promise<UserRecord | undefined>;
  userById(id: string): Promise<UserRecord | undefined>;
  userByEmail(email: string): Promise<UserRecord | undefined>;

  /** Keeps the attempt in login_attempts, whether or not the email has an account. */
  recordSignIn(attempt: SignInAttempt): Promise<void>;
  loginAttempts(email: string): Promise<LoginAttemptRecord[]>;
  /**
   * The failed sign-ins for `email` after `since` and after its last success or password
   * reset: from anywhere, and from `ip` alone.
   */
  signInFailures(email: string, ip: string, since: number): Promise<{ forEmail: FailureRun; fromAddress: FailureRun }>;

  /** Keeps a sign-up until its mailed link is used or expires. */
  createPendingSignUp(pending: PendingSignUpRecord): Promise<void>;
  /**
   * Uses a sign-up link once: when it is unused and unexpired at `now` and the email still
   * has no account, creates the account (every other pending link for the email ends) and
   * returns it; otherwise undefined.
   */
  completeSignUp(tokenHash: string, userId: string, now: number): Promise<UserRecord | undefined>;

  createSession(session: SessionRecord): Promise<void>;
  sessionByTokenHash(tokenHash: string): Promise<SessionRecord | undefined>;
  deleteSession(tokenHash: string): Promise<void>;

  createPasswordReset(reset: PasswordResetRecord): Promise<void>;
  /**
   * Uses a reset token once: when it is unused and unexpired at `now`, sets the new password
   * hash, ends the run of failed sign-ins (a `password_reset` attempt), revokes every session and every other reset token of the
   * account, and returns the account id; otherwise undefined and nothing changes.
   */
  resetPassword(tokenHash: string, passwordHash: string, now: number): Promise<string | undefined>;

  /**
   * Applies a verified Stripe event exactly once: its id goes into processed_webhook_events
   * in the same transaction as its effect on the account and its payment.
   */
  applyBillingEvent(event: BillingEvent, now: number): Promise<BillingOutcome>;
  payments(userId: string): Promise<PaymentRecord[]>;
  /**
   * Keeps the id of a signed event that cannot be applied (so a replay is a duplicate);
   * false when it was kept before.
   */
  recordUnusableEvent(eventId: string, type: string, now: number): Promise<boolean>;

  /** Everything kept about the account; undefined when there is no such account. */
  accountRecords(userId: string): Promise<AccountRecords | undefined>;
  /**
   * Erases the account in one transaction: its sessions, reset and sign-up links, payments,
   * sign-in attempts (by id and by email) and the account row. Undefined when it is gone already.
   */
  deleteAccount(userId: string): Promise<ErasedAccount | undefined>;

  /**
   * Deletes what can no longer be used at `now`: expired sessions, used or expired reset and
   * sign-up links, and sign-in attempts older than `attemptsBefore`.
   */
  pruneExpired(now: number, attemptsBefore: number): Promise<Pruned>;

  close(): Promise<void>;
}
