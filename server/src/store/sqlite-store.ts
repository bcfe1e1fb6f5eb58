import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { and, asc, count, eq, gt, inArray, isNotNull, isNull, lt, lte, max, or, type SQL } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mergePayment, nextSubscriptionState, type BillingEvent } from '../billing/billing-event.js';
import * as schema from './schema-sqlite.js';
import { loginAttempts, passwordResets, payments, pendingSignUps, processedWebhookEvents, sessions, users } from './schema-sqlite.js';
import {
  SIGN_IN_FAILURES,
  SIGN_IN_RUN_ENDS,
  type AccountRecords,
  type BillingOutcome,
  type ErasedAccount,
  type FailureRun,
  LicensingStore,
  PendingSignUpRecord,
  Pruned,
  SignInAttempt,
  UserRecord,
} from './store.js';

type Db = BetterSQLite3Database<typeof schema>;

/** A writer waits this long for another process's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * The embedded store: one SQLite file (licensing.db) through better-sqlite3, whose calls are
 * synchronous, so each method's transaction runs to its end before any other request's
 * statement and needs no further locking.
 */
export function openSqliteStore(file: string, migrationsFolder: string): LicensingStore {
  const sqlite = openSqliteDatabase(file);
  const db: Db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  return new SqliteStore(sqlite, db);
}

/**
 * The connection the store runs on. In WAL mode better-sqlite3 defaults to
 * synchronous=NORMAL, where a commit is durable only after the next checkpoint: a power
 * failure could lose a webhook Stripe was already told we kept (and never sends again).
 * FULL syncs the WAL on every commit.
 */
export function openSqliteDatabase(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return sqlite;
}

class SqliteStore implements LicensingStore {
  readonly dialect = 'sqlite';

  constructor(
    private readonly sqlite: Database.Database,
    private readonly db: Db,
  ) {}

  async createUser(user: { id: string; email: string; passwordHash: string; createdAt: number }): Promise<UserRecord | undefined> {
    return this.db.insert(users).values(user).onConflictDoNothing({ target: users.email }).returning().get();
  }

  async userById(id: string): Promise<UserRecord | undefined> {
    return this.db.select().from(users).where(eq(users.id, id)).get();
  }

  async userByEmail(email: string): Promise<UserRecord | undefined> {
    return this.db.select().from(users).where(eq(users.email, email)).get();
  }

  async recordSignIn(attempt: SignInAttempt): Promise<void> {
    this.db.insert(loginAttempts).values(attempt).run();
  }

  async signInFailures(email: string, ip: string, since: number): Promise<{ forEmail: FailureRun; fromAddress: FailureRun }> {
    return this.db.transaction((tx) => {
      const cleared = tx
        .select({ id: max(loginAttempts.id) })
        .from(loginAttempts)
        .where(and(eq(loginAttempts.email, email), inArray(loginAttempts.outcome, [...SIGN_IN_RUN_ENDS])))
        .get();
      // By id, not time: a failure in the same millisecond as the success after it is still before it.
      const failures = and(eq(loginAttempts.email, email), inArray(loginAttempts.outcome, [...SIGN_IN_FAILURES]), gt(loginAttempts.at, since), gt(loginAttempts.id, cleared?.id ?? 0));
      const run = (where: SQL | undefined): FailureRun => {
        const found = tx
          .select({ count: count(), lastAt: max(loginAttempts.at) })
          .from(loginAttempts)
          .where(where)
          .get();
        return { count: found?.count ?? 0, lastAt: found?.lastAt ?? null };
      };
      return { forEmail: run(failures), fromAddress: run(and(failures, eq(loginAttempts.ip, ip))) };
    });
  }

  async loginAttempts(email: string) {
    return this.db.select().from(loginAttempts).where(eq(loginAttempts.email, email)).orderBy(asc(loginAttempts.id)).all();
  }

  async createSession(session: typeof sessions.$inferInsert): Promise<void> {
    this.db.insert(sessions).values(session).run();
  }

  async sessionByTokenHash(tokenHash: string) {
    return this.db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)).get();
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
  }

  async createPasswordReset(reset: typeof passwordResets.$inferInsert): Promise<void> {
    this.db.insert(passwordResets).values(reset).run();
  }

  async createPendingSignUp(pending: PendingSignUpRecord): Promise<void> {
    this.db.insert(pendingSignUps).values(pending).run();
  }

  async completeSignUp(tokenHash: string, userId: string, now: number): Promise<UserRecord | undefined> {
    return this.db.transaction((tx) => {
      const used = tx
        .update(pendingSignUps)
        .set({ usedAt: now })
        .where(and(eq(pendingSignUps.tokenHash, tokenHash), isNull(pendingSignUps.usedAt), gt(pendingSignUps.expiresAt, now)))
        .returning()
        .get();
      if (!used) return undefined;
      const user = tx.insert(users).values({ id: userId, email: used.email, passwordHash: used.passwordHash, createdAt: now }).onConflictDoNothing({ target: users.email }).returning().get();
      tx.update(pendingSignUps)
        .set({ usedAt: now })
        .where(and(eq(pendingSignUps.email, used.email), isNull(pendingSignUps.usedAt)))
        .run();
      return user;
    });
  }

  async resetPassword(tokenHash: string, passwordHash: string, now: number): Promise<string | undefined> {
    return this.db.transaction((tx) => {
      const used = tx
        .update(passwordResets)
        .set({ usedAt: now })
        .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
        .returning({ userId: passwordResets.userId })
        .get();
      if (!used) return undefined;
      const user = tx.update(users).set({ passwordHash }).where(eq(users.id, used.userId)).returning({ email: users.email }).get();
      if (user) tx.insert(loginAttempts).values({ email: user.email, userId: used.userId, outcome: 'password_reset', at: now, ip: null }).run();
      tx.delete(sessions).where(eq(sessions.userId, used.userId)).run();
      tx.update(passwordResets)
        .set({ usedAt: now })
        .where(and(eq(passwordResets.userId, used.userId), isNull(passwordResets.usedAt)))
        .run();
      return used.userId;
    });
  }

  async applyBillingEvent(event: BillingEvent, now: number): Promise<BillingOutcome> {
    return this.db.transaction((tx): BillingOutcome => {
      const fresh = tx.insert(processedWebhookEvents).values({ id: event.eventId, type: event.type, processedAt: now }).onConflictDoNothing().returning().get();
      if (!fresh) return 'duplicate';

      const byId = event.userId ? tx.select().from(users).where(eq(users.id, event.userId)).get() : undefined;
      const user = byId ?? (event.customerId ? tx.select().from(users).where(eq(users.stripeCustomerId, event.customerId)).get() : undefined);
      if (!user) return 'no_account';

      if (event.customerId && !user.stripeCustomerId) {
        const taken = tx.select({ id: users.id }).from(users).where(eq(users.stripeCustomerId, event.customerId)).get();
        if (!taken) tx.update(users).set({ stripeCustomerId: event.customerId }).where(eq(users.id, user.id)).run();
      }
      const next = event.subscription && nextSubscriptionState(user, event.subscription, event.at);
      if (next) tx.update(users).set(next).where(eq(users.id, user.id)).run();

      if (event.payment) {
        const fact = event.payment;
        const matches = paymentKeys(fact.invoiceId, fact.checkoutSessionId);
        const existing = matches ? tx.select().from(payments).where(matches).get() : undefined;
        const fields = mergePayment(existing, fact, event.customerId, now);
        if (existing) tx.update(payments).set(fields).where(eq(payments.id, existing.id)).run();
        else
          tx.insert(payments)
            .values({ id: randomUUID(), userId: user.id, createdAt: now, ...fields })
            .run();
      }
      return 'applied';
    });
  }

  async payments(userId: string) {
    return this.db.select().from(payments).where(eq(payments.userId, userId)).orderBy(asc(payments.createdAt)).all();
  }

  async recordUnusableEvent(eventId: string, type: string, now: number): Promise<boolean> {
    const kept = this.db.insert(processedWebhookEvents).values({ id: eventId, type, processedAt: now }).onConflictDoNothing().returning().get();
    return kept !== undefined;
  }

  async accountRecords(userId: string): Promise<AccountRecords | undefined> {
    // One read transaction: the export is the account as of one moment.
    return this.db.transaction((tx) => {
      const user = tx.select().from(users).where(eq(users.id, userId)).get();
      if (!user) return undefined;
      return {
        user,
        sessions: tx.select().from(sessions).where(eq(sessions.userId, userId)).orderBy(asc(sessions.createdAt)).all(),
        passwordResets: tx.select().from(passwordResets).where(eq(passwordResets.userId, userId)).orderBy(asc(passwordResets.createdAt)).all(),
        payments: tx.select().from(payments).where(eq(payments.userId, userId)).orderBy(asc(payments.createdAt)).all(),
        loginAttempts: tx
          .select()
          .from(loginAttempts)
          .where(or(eq(loginAttempts.userId, userId), eq(loginAttempts.email, user.email)))
          .orderBy(asc(loginAttempts.id))
          .all(),
        pendingSignUps: tx.select().from(pendingSignUps).where(eq(pendingSignUps.email, user.email)).orderBy(asc(pendingSignUps.createdAt)).all(),
      };
    });
  }

  async deleteAccount(userId: string): Promise<ErasedAccount | undefined> {
    return this.db.transaction((tx) => {
      const user = tx.select({ email: users.email }).from(users).where(eq(users.id, userId)).get();
      if (!user) return undefined;
      // Children first, so the result counts what each table lost (the cascades would hide it).
      return {
        sessions: tx.delete(sessions).where(eq(sessions.userId, userId)).run().changes,
        passwordResets: tx.delete(passwordResets).where(eq(passwordResets.userId, userId)).run().changes,
        payments: tx.delete(payments).where(eq(payments.userId, userId)).run().changes,
        loginAttempts: tx
          .delete(loginAttempts)
          .where(or(eq(loginAttempts.userId, userId), eq(loginAttempts.email, user.email)))
          .run().changes,
        pendingSignUps: tx.delete(pendingSignUps).where(eq(pendingSignUps.email, user.email)).run().changes,
        users: tx.delete(users).where(eq(users.id, userId)).run().changes,
      };
    });
  }

  async pruneExpired(now: number, attemptsBefore: number): Promise<Pruned> {
    return this.db.transaction((tx) => ({
      sessions: tx.delete(sessions).where(lte(sessions.expiresAt, now)).run().changes,
      passwordResets: tx
        .delete(passwordResets)
        .where(or(lte(passwordResets.expiresAt, now), isNotNull(passwordResets.usedAt)))
        .run().changes,
      pendingSignUps: tx
        .delete(pendingSignUps)
        .where(or(lte(pendingSignUps.expiresAt, now), isNotNull(pendingSignUps.usedAt)))
        .run().changes,
      loginAttempts: tx.delete(loginAttempts).where(lt(loginAttempts.at, attemptsBefore)).run().changes,
    }));
  }

  async close(): Promise<void> {
    this.sqlite.close();
  }
}

/** The payment a Stripe invoice or checkout session is about; undefined when the event names neither. */
function paymentKeys(invoiceId: string | null, checkoutSessionId: string | null): SQL | undefined {
  const keys = [invoiceId && eq(payments.stripeInvoiceId, invoiceId), checkoutSessionId && eq(payments.stripeCheckoutSessionId, checkoutSessionId)].filter((key): key is SQL => Boolean(key));
  return keys.length > 0 ? or(...keys) : undefined;
}
