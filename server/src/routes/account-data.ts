import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import Stripe from 'stripe';
import { ACCOUNT_EXPORT_FORMAT, type AccountExport } from '../../../src-shared/licensing.js';
import { hashSecretToken } from '../accounts/secret-token.js';
import { currentPlan } from '../billing/plan.js';
import type { ServiceContext } from '../context.js';
import { ServiceError } from '../http/service-error.js';
import { bearerToken, signedInUser } from '../http/signed-in.js';
import type { AccountRecords, UserRecord } from '../store/store.js';

/**
 * The account's owner takes their data and goes (SPEC §5, GDPR art. 15, 17 and 20):
 * `GET /account/export` is every row the service keeps about them as JSON, and
 * `DELETE /account` cancels their Stripe subscription and then erases those rows. The
 * order matters: an account erased with its subscription still running would go on being
 * billed with nobody here to cancel it, so when Stripe cannot be reached nothing is erased.
 */

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

/** Subscription states Stripe can still bill (or start billing): each must be cancelled before the account goes. */
const CANCELLABLE: readonly UserRecord['subscriptionStatus'][] = ['active', 'trialing', 'past_due', 'unpaid', 'incomplete'];

export function accountExport(records: AccountRecords, currentTokenHash: string | null, now: number): AccountExport {
  const { user } = records;
  return {
    format: ACCOUNT_EXPORT_FORMAT,
    version: 1,
    exportedAt: iso(now),
    profile: { id: user.id, email: user.email, createdAt: iso(user.createdAt), videosCountedThisMonth: user.projectsThisMonth, countedMonth: user.usageMonth },
    subscription: {
      tier: currentPlan(user, now).tier,
      status: user.subscriptionStatus,
      stripeCustomerId: user.stripeCustomerId,
      stripeSubscriptionId: user.stripeSubscriptionId,
      periodEnd: isoOrNull(user.periodEnd),
    },
    purchases: records.payments.map((p) => ({
      id: p.id,
      stripeCheckoutSessionId: p.stripeCheckoutSessionId,
      stripeInvoiceId: p.stripeInvoiceId,
      stripeSubscriptionId: p.stripeSubscriptionId,
      amount: p.amount,
      currency: p.currency,
      status: p.status,
      createdAt: iso(p.createdAt),
      updatedAt: iso(p.updatedAt),
    })),
    sessions: records.sessions.map((s) => ({ createdAt: iso(s.createdAt), expiresAt: iso(s.expiresAt), current: s.tokenHash === currentTokenHash })),
    passwordResets: records.passwordResets.map((r) => ({ createdAt: iso(r.createdAt), expiresAt: iso(r.expiresAt), usedAt: isoOrNull(r.usedAt) })),
    signUpLinks: records.pendingSignUps.map((r) => ({ createdAt: iso(r.createdAt), expiresAt: iso(r.expiresAt), usedAt: isoOrNull(r.usedAt) })),
    loginAttempts: records.loginAttempts.map((a) => ({ at: iso(a.at), email: a.email, outcome: a.outcome, ip: a.ip })),
    notIncluded: [
      'Your password: the service keeps only a salted scrypt hash of it, which is not sent.',
      'Session and link tokens: kept only as SHA-256 hashes, which are not sent.',
      'Card and bank details: Stripe holds them, never this service; ask Stripe or use Manage subscription.',
    ],
  };
}

export function accountDataRoutes(context: ServiceContext): FastifyPluginAsync {
  const { store, stripe, now } = context;
  return async (app) => {
    app.get('/account/export', async (request, reply) => {
      const user = await signedInUser(request, context);
      const records = await store.accountRecords(user.id);
      if (!records) throw new ServiceError(401, 'UNAUTHENTICATED', 'This account no longer exists: sign in again.');
      const token = bearerToken(request);
      request.log.info({ userId: user.id }, 'account exported');
      return reply
        .header('content-disposition', `attachment; filename="talkingphoto-account-${iso(now()).slice(0, 10)}.json"`)
        .send(accountExport(records, token ? hashSecretToken(token) : null, now()));
    });

    app.delete('/account', async (request, reply) => {
      const user = await signedInUser(request, context);
      const subscription = user.stripeSubscriptionId;
      if (subscription && CANCELLABLE.includes(user.subscriptionStatus)) await cancelSubscription(request.log, stripe, user.id, subscription);
      const erased = await store.deleteAccount(user.id);
      // Ids and counts only: the email is gone and must not live on in the log either.
      request.log.info({ userId: user.id, erased }, 'account erased');
      return reply.code(204).send();
    });
  };
}

async function cancelSubscription(log: FastifyBaseLogger, stripe: Stripe, userId: string, subscription: string): Promise<void> {
  try {
    // Ended at once, not at the period's end: the owner asked for the account to be gone.
    await stripe.subscriptions.cancel(subscription);
    log.info({ userId, subscription }, 'subscription cancelled before erasure');
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    // Stripe no longer knows it (deleted in the Dashboard): nothing is left to bill.
    if (error.code === 'resource_missing') {
      log.warn({ userId, subscription }, 'subscription unknown to Stripe: erasing anyway');
      return;
    }
    log.error({ userId, stripeType: error.rawType ?? error.type, stripeCode: error.code, status: error.statusCode, requestId: error.requestId }, 'subscription cancel failed: nothing erased');
    throw new ServiceError(502, 'PAYMENTS_UNAVAILABLE', 'Your subscription could not be cancelled at Stripe just now, so nothing was deleted: try again in a few minutes.');
  }
}
