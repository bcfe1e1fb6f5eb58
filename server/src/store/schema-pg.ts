import { bigint, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { TIERS } from '../../../src-shared/providers.js';
import { SUBSCRIPTION_STATUSES } from '../../../src-shared/licensing.js';
import { SIGN_IN_OUTCOMES } from './store.js';

/**
 * The licensing service's tables on PostgreSQL (DATABASE_URL): a column-for-column mirror
 * of schema-sqlite.ts, which explains them (tests/server/schema-parity.test.ts holds the two
 * together). Times are milliseconds since the epoch in bigint, read back as numbers (they
 * stay far below 2^53).
 */

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    tier: text('tier', { enum: TIERS }).notNull().default('free'),
    subscriptionStatus: text('subscription_status', { enum: SUBSCRIPTION_STATUSES }).notNull().default('none'),
    stripeCustomerId: text('stripe_customer_id'),
    stripeSubscriptionId: text('stripe_subscription_id'),
    periodEnd: bigint('period_end', { mode: 'number' }),
    /** The newest Stripe event time applied to the subscription; older events are ignored. */
    subscriptionEventAt: bigint('subscription_event_at', { mode: 'number' }),
    projectsThisMonth: integer('projects_this_month').notNull().default(0),
    /** The calendar month (UTC, `YYYY-MM`) projectsThisMonth counts. */
    usageMonth: text('usage_month'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('users_email_unique').on(t.email), uniqueIndex('users_stripe_customer_unique').on(t.stripeCustomerId)],
);

export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

export const passwordResets = pgTable(
  'password_resets',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
    usedAt: bigint('used_at', { mode: 'number' }),
  },
  (t) => [index('password_resets_user').on(t.userId)],
);

export const payments = pgTable(
  'payments',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    stripeCheckoutSessionId: text('stripe_checkout_session_id'),
    stripeInvoiceId: text('stripe_invoice_id'),
    stripeSubscriptionId: text('stripe_subscription_id'),
    stripeCustomerId: text('stripe_customer_id'),
    amount: integer('amount'),
    currency: text('currency').notNull().default('inr'),
    status: text('status').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('payments_checkout_session_unique').on(t.stripeCheckoutSessionId), uniqueIndex('payments_invoice_unique').on(t.stripeInvoiceId), index('payments_user').on(t.userId)],
);

export const processedWebhookEvents = pgTable('processed_webhook_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  processedAt: bigint('processed_at', { mode: 'number' }).notNull(),
});

export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    email: text('email').notNull(),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    outcome: text('outcome', { enum: SIGN_IN_OUTCOMES }).notNull(),
    /** The client's address (the throttle counts failures per account and per account and address). */
    ip: text('ip'),
    at: bigint('at', { mode: 'number' }).notNull(),
  },
  (t) => [index('login_attempts_email_at').on(t.email, t.at)],
);

/**
 * A sign-up waiting for its mailed link: the account exists only once the link is used, so
 * asking to sign up tells no one whether the address has an account already.
 */
export const pendingSignUps = pgTable(
  'pending_sign_ups',
  {
    tokenHash: text('token_hash').primaryKey(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
    usedAt: bigint('used_at', { mode: 'number' }),
  },
  (t) => [index('pending_sign_ups_email').on(t.email)],
);
