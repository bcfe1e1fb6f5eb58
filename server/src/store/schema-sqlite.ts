import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { TIERS } from '../../../src-shared/providers.js';
import { SUBSCRIPTION_STATUSES } from '../../../src-shared/licensing.js';
import { SIGN_IN_OUTCOMES } from './store.js';

/**
 * The licensing service's tables for the embedded SQLite database. schema-pg.ts mirrors
 * them column for column (tests/server/schema-parity.test.ts holds the two together);
 * `npm run server:db:generate` writes each dialect's next migration. Times are
 * milliseconds since the epoch (UTC); money is in the currency's smallest unit (paise).
 */

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    tier: text('tier', { enum: TIERS }).notNull().default('free'),
    subscriptionStatus: text('subscription_status', { enum: SUBSCRIPTION_STATUSES }).notNull().default('none'),
    stripeCustomerId: text('stripe_customer_id'),
    stripeSubscriptionId: text('stripe_subscription_id'),
    periodEnd: integer('period_end'),
    /** The newest Stripe event time applied to the subscription; older events are ignored. */
    subscriptionEventAt: integer('subscription_event_at'),
    projectsThisMonth: integer('projects_this_month').notNull().default(0),
    /** The calendar month (UTC, `YYYY-MM`) projectsThisMonth counts. */
    usageMonth: text('usage_month'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('users_email_unique').on(t.email), uniqueIndex('users_stripe_customer_unique').on(t.stripeCustomerId)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

export const passwordResets = sqliteTable(
  'password_resets',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [index('password_resets_user').on(t.userId)],
);

export const payments = sqliteTable(
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
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('payments_checkout_session_unique').on(t.stripeCheckoutSessionId), uniqueIndex('payments_invoice_unique').on(t.stripeInvoiceId), index('payments_user').on(t.userId)],
);

export const processedWebhookEvents = sqliteTable('processed_webhook_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  processedAt: integer('processed_at').notNull(),
});

export const loginAttempts = sqliteTable(
  'login_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    outcome: text('outcome', { enum: SIGN_IN_OUTCOMES }).notNull(),
    /** The client's address (the throttle counts failures per account and per account and address). */
    ip: text('ip'),
    at: integer('at').notNull(),
  },
  (t) => [index('login_attempts_email_at').on(t.email, t.at)],
);

/**
 * A sign-up waiting for its mailed link: the account exists only once the link is used, so
 * asking to sign up tells no one whether the address has an account already.
 */
export const pendingSignUps = sqliteTable(
  'pending_sign_ups',
  {
    tokenHash: text('token_hash').primaryKey(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [index('pending_sign_ups_email').on(t.email)],
);
