import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, gt, inArray, isNotNull, isNull, lt, lte, max, or, type SQL } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { mergePayment, nextSubscriptionState, type BillingEvent } from '../billing/billing-event.js';
import * as schema from './schema-pg.js';
import { loginAttempts, passwordResets, payments, pendingSignUps, processedWebhookEvents, sessions, users } from './schema-pg.js';
import {
  SIGN_IN_FAILURES,
  SIGN_IN_RUN_ENDS,
  type AccountRecords,
  type BillingOutcome,
  type ErasedAccount,
  type FailureRun,
  type LicensingStore,
  type PendingSignUpRecord,
  type Pruned,
  type SignInAttempt,
  type UserRecord,
} from './store.js';

type Db = NodePgDatabase<typeof schema>;

/**
 * Any number taken by all instances of the service: while one migrates, the others starting
 * beside it wait instead of racing to create the same tables.
 */
const MIGRATION_LOCK = 0x7470_6c69; // "tpli"

export interface PgStoreOptions {
  /** Told when an idle pooled connection fails (the server restarted, the network dropped). */
  onPoolError?: (error: Error) => void;
}

/**
 * The production store: PostgreSQL through node-postgres. Requests run concurrently here,
 * so the methods that read before they write lock the account's row (SELECT … FOR UPDATE)
 * and the unique keys settle races (a second copy of a webhook event waits for the first
 * transaction, then finds its id taken).
 */
export async function openPgStore(connectionString: string, migrationsFolder: string, options: PgStoreOptions = {}): Promise<LicensingStore> {
  const migrator = new pg.Client({ connectionString });
  await migrator.connect();
  try {
    await migrator.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle(migrator), { migrationsFolder });
  } finally {
    await migrator.end();
  }
  const pool = new pg.Pool({ connectionString });
  pool.on('error', (error) => options.onPoolError?.(error));
  return new PgStore(pool, drizzle(pool, { schema }));
}

class PgStore implements LicensingStore {
  readonly dialect = 'postgres';

  constructor(
    private readonly pool: pg.Pool,
    private readonly db: Db,
  ) {}

  async createUser(user: { id: string; email: string; passwordHash: string; createdAt: number }): Promise<UserRecord | undefined> {
    const [created] = await this.db.insert(users).values(user).onConflictDoNothing({ target: users.email }).returning();
    return created;
  }

  async userById(id: string): Promise<UserRecord | undefined> {
    const [user] = await this.db.select().from(users).where(eq(users.id, id));
    return user;
  }

  async userByEmail(email: string): Promise<UserRecord | undefined> {
    const [user] = await this.db.select().from(users).where(eq(users.email, email));
    return user;
  }

  async recordSignIn(attempt: SignInAttempt): Promise<void> {
    await this.db.insert(loginAttempts).values(attempt);
  }

  async signInFailures(email: string, ip: string, since: number): Promise<{ forEmail: FailureRun; fromAddress: FailureRun }> {
    const [cleared] = await this.db
      .select({ id: max(loginAttempts.id) })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.email, email), inArray(loginAttempts.outcome, [...SIGN_IN_RUN_ENDS])));
    // By id, not time: a failure in the same millisecond as the success after it is still before it.
    const failures = and(eq(loginAttempts.email, email), inArray(loginAttempts.outcome, [...SIGN_IN_FAILURES]), gt(loginAttempts.at, since), gt(loginAttempts.id, cleared?.id ?? 0));
    const run = async (where: SQL | undefined): Promise<FailureRun> => {
      // bigint aggregates come back as text from node-postgres.
      const [found] = await this.db
        .select({ count: count(), lastAt: max(loginAttempts.at) })
        .from(loginAttempts)
        .where(where);
      return { count: Number(found?.count ?? 0), lastAt: found?.lastAt == null ? null : Number(found.lastAt) };
    };
    const [forEmail, fromAddress] = await Promise.all([run(failures), run(and(failures, eq(loginAttempts.ip, ip)))]);
    return { forEmail, fromAddress };
  }

  async loginAttempts(email: string) {
    return this.db.select().from(loginAttempts).where(eq(loginAttempts.email, email)).orderBy(asc(loginAttempts.id));
  }

  async createSession(session: typeof sessions.$inferInsert): Promise<void> {
    await this.db.insert(sessions).values(session);
  }

  async sessionByTokenHash(tokenHash: string) {
    const [session] = await this.db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash));
    return session;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
  }

  async createPasswordReset(reset: typeof passwordResets.$inferInsert): Promise<void> {
    await this.db.insert(passwordResets).values(reset);
  }

  async createPendingSignUp(pending: PendingSignUpRecord): Promise<void> {
    await this.db.insert(pendingSignUps).values(pending);
  }

  async completeSignUp(tokenHash: string, userId: string, now: number): Promise<UserRecord | undefined> {
    return this.db.transaction(async (tx) => {
      const [used] = await tx
        .update(pendingSignUps)
        .set({ usedAt: now })
        .where(and(eq(pendingSignUps.tokenHash, tokenHash), isNull(pendingSignUps.usedAt), gt(pendingSignUps.expiresAt, now)))
        .returning();
      if (!used) return undefined;
      const [user] = await tx.insert(users).values({ id: userId, email: used.email, passwordHash: used.passwordHash, createdAt: now }).onConflictDoNothing({ target: users.email }).returning();
      await tx
        .update(pendingSignUps)
        .set({ usedAt: now })
        .where(and(eq(pendingSignUps.email, used.email), isNull(pendingSignUps.usedAt)));
      return user;
    });
  }

  async resetPassword(tokenHash: string, passwordHash: string, now: number): Promise<string | undefined> {
    return this.db.transaction(async (tx) => {
      const [used] = await tx
        .update(passwordResets)
        .set({ usedAt: now })
        .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
        .returning({ userId: passwordResets.userId });
      if (!used) return undefined;
      const [user] = await tx.update(users).set({ passwordHash }).where(eq(users.id, used.userId)).returning({ email: users.email });
      if (user) await tx.insert(loginAttempts).values({ email: user.email, userId: used.userId, outcome: 'password_reset', at: now, ip: null });
      await tx.delete(sessions).where(eq(sessions.userId, used.userId));
      await tx
        .update(passwordResets)
        .set({ usedAt: now })
        .where(and(eq(passwordResets.userId, used.userId), isNull(passwordResets.usedAt)));
      return used.userId;
    });
  }

  async applyBillingEvent(event: BillingEvent, now: number): Promise<BillingOutcome> {
    return this.db.transaction(async (tx): Promise<BillingOutcome> => {
      const [fresh] = await tx.insert(processedWebhookEvents).values({ id: event.eventId, type: event.type, processedAt: now }).onConflictDoNothing().returning();
      if (!fresh) return 'duplicate';

      const owner = event.userId ? eq(users.id, event.userId) : undefined;
      const [byId] = owner ? await tx.select().from(users).where(owner).for('update') : [];
      const [byCustomer] = !byId && event.customerId ? await tx.select().from(users).where(eq(users.stripeCustomerId, event.customerId)).for('update') : [];
      const user = byId ?? byCustomer;
      if (!user) return 'no_account';

      if (event.customerId && !user.stripeCustomerId) {
        const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.stripeCustomerId, event.customerId));
        if (!taken) await tx.update(users).set({ stripeCustomerId: event.customerId }).where(eq(users.id, user.id));
      }
      const next = event.subscription && nextSubscriptionState(user, event.subscription, event.at);
      if (next) await tx.update(users).set(next).where(eq(users.id, user.id));

      if (event.payment) {
        const fact = event.payment;
        const matches = paymentKeys(fact.invoiceId, fact.checkoutSessionId);
        const [existing] = matches ? await tx.select().from(payments).where(matches).for('update') : [];
        const fields = mergePayment(existing, fact, event.customerId, now);
        if (existing) await tx.update(payments).set(fields).where(eq(payments.id, existing.id));
        else await tx.insert(payments).values({ id: randomUUID(), userId: user.id, createdAt: now, ...fields });
      }
      return 'applied';
    });
  }

  async payments(userId: string) {
    return this.db.select().from(payments).where(eq(payments.userId, userId)).orderBy(asc(payments.createdAt));
  }

  async recordUnusableEvent(eventId: string, type: string, now: number): Promise<boolean> {
    const kept = await this.db.insert(processedWebhookEvents).values({ id: eventId, type, processedAt: now }).onConflictDoNothing().returning();
    return kept.length > 0;
  }

  async accountRecords(userId: string): Promise<AccountRecords | undefined> {
    // Repeatable read: every table as of one moment, though the reads run one after another.
    return this.db.transaction(
      async (tx) => {
        const [user] = await tx.select().from(users).where(eq(users.id, userId));
        if (!user) return undefined;
        return {
          user,
          sessions: await tx.select().from(sessions).where(eq(sessions.userId, userId)).orderBy(asc(sessions.createdAt)),
          passwordResets: await tx.select().from(passwordResets).where(eq(passwordResets.userId, userId)).orderBy(asc(passwordResets.createdAt)),
          payments: await tx.select().from(payments).where(eq(payments.userId, userId)).orderBy(asc(payments.createdAt)),
          loginAttempts: await tx
            .select()
            .from(loginAttempts)
            .where(or(eq(loginAttempts.userId, userId), eq(loginAttempts.email, user.email)))
            .orderBy(asc(loginAttempts.id)),
          pendingSignUps: await tx.select().from(pendingSignUps).where(eq(pendingSignUps.email, user.email)).orderBy(asc(pendingSignUps.createdAt)),
        };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  }

  async deleteAccount(userId: string): Promise<ErasedAccount | undefined> {
    return this.db.transaction(async (tx) => {
      // The row lock holds off a webhook for this account until the erasure is committed.
      const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId)).for('update');
      if (!user) return undefined;
      const rows = async (deleted: Promise<{ rowCount: number | null }>): Promise<number> => (await deleted).rowCount ?? 0;
      return {
        sessions: await rows(tx.delete(sessions).where(eq(sessions.userId, userId))),
        passwordResets: await rows(tx.delete(passwordResets).where(eq(passwordResets.userId, userId))),
        payments: await rows(tx.delete(payments).where(eq(payments.userId, userId))),
        loginAttempts: await rows(tx.delete(loginAttempts).where(or(eq(loginAttempts.userId, userId), eq(loginAttempts.email, user.email)))),
        pendingSignUps: await rows(tx.delete(pendingSignUps).where(eq(pendingSignUps.email, user.email))),
        users: await rows(tx.delete(users).where(eq(users.id, userId))),
      };
    });
  }

  async pruneExpired(now: number, attemptsBefore: number): Promise<Pruned> {
    return this.db.transaction(async (tx) => ({
      sessions: (await tx.delete(sessions).where(lte(sessions.expiresAt, now))).rowCount ?? 0,
      passwordResets: (await tx.delete(passwordResets).where(or(lte(passwordResets.expiresAt, now), isNotNull(passwordResets.usedAt)))).rowCount ?? 0,
      pendingSignUps: (await tx.delete(pendingSignUps).where(or(lte(pendingSignUps.expiresAt, now), isNotNull(pendingSignUps.usedAt)))).rowCount ?? 0,
      loginAttempts: (await tx.delete(loginAttempts).where(lt(loginAttempts.at, attemptsBefore))).rowCount ?? 0,
    }));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The payment a Stripe invoice or checkout session is about; undefined when the event names neither. */
function paymentKeys(invoiceId: string | null, checkoutSessionId: string | null): SQL | undefined {
  const keys = [invoiceId && eq(payments.stripeInvoiceId, invoiceId), checkoutSessionId && eq(payments.stripeCheckoutSessionId, checkoutSessionId)].filter((key): key is SQL => Boolean(key));
  return keys.length > 0 ? or(...keys) : undefined;
}
