import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { CredentialsSchema, SESSION_HOURS, SIGN_UP_LINK_HOURS, SignUpConfirmSchema, type Session } from '../../../src-shared/licensing.js';
import { hashPassword, spendPasswordCheck, verifyPassword } from '../accounts/password-hash.js';
import { hashSecretToken, newSecretToken } from '../accounts/secret-token.js';
import { checkSignInThrottle } from '../accounts/sign-in-throttle.js';
import { accountView } from '../billing/plan.js';
import type { ServiceContext } from '../context.js';
import { clientAddress } from '../http/request-limits.js';
import { parseBody } from '../http/request-body.js';
import { ServiceError } from '../http/service-error.js';
import { bearerToken, signedInUser } from '../http/signed-in.js';
import type { UserRecord } from '../store/store.js';

const SESSION_MS = SESSION_HOURS * 60 * 60 * 1000;
const SIGN_UP_LINK_MS = SIGN_UP_LINK_HOURS * 60 * 60 * 1000;

/** Where a sign-up mail's link leads: the app (talkingphoto://sign-up?token=…), which redeems it. */
export const SIGN_UP_LINK_PATH = 'sign-up';
/** Where the mail to an address that has an account already leads: the app's account screen. */
export const ACCOUNT_LINK_PATH = 'account';

/**
 * Sign up, sign in, sign out and who am I (SPEC §5's account rules). Nothing here answers
 * differently for an email with an account and one without: sign-up always answers 202
 * and mails what fits after the answer; sign-in runs one password check either way and
 * throttles by the email as typed.
 */
export function accountRoutes(context: ServiceContext): FastifyPluginAsync {
  const { store, now, config, mailer, limits, afterAnswer, passwordChecks } = context;

  async function startSession(user: UserRecord): Promise<Session> {
    const { token, hash } = newSecretToken();
    const createdAt = now();
    const expiresAt = createdAt + SESSION_MS;
    await store.createSession({ tokenHash: hash, userId: user.id, createdAt, expiresAt });
    return { token, expiresAt: new Date(expiresAt).toISOString(), account: accountView(user, createdAt) };
  }

  return async (app) => {
    app.post('/accounts', async (request, reply) => {
      const { email, password } = parseBody(CredentialsSchema, request.body);
      await limits('signUp', request, email);
      afterAnswer.later(request, 'sign-up mail', async () => {
        const existing = await store.userByEmail(email);
        if (existing) {
          await mailer.send({ kind: 'account_exists', to: existing.email, link: `${config.returnUrlBase}${ACCOUNT_LINK_PATH}`, expiresAt: null });
          request.log.info({ userId: existing.id }, 'sign-up asked for an email with an account: mailed it');
          return;
        }
        const { token, hash } = newSecretToken();
        const createdAt = now();
        const expiresAt = createdAt + SIGN_UP_LINK_MS;
        await store.createPendingSignUp({ tokenHash: hash, email, passwordHash: await hashPassword(password), createdAt, expiresAt });
        await mailer.send({ kind: 'sign_up', to: email, link: `${config.returnUrlBase}${SIGN_UP_LINK_PATH}?token=${encodeURIComponent(token)}`, expiresAt });
      });
      return reply.code(202).send();
    });

    app.post('/accounts/confirm', async (request, reply) => {
      const { token } = parseBody(SignUpConfirmSchema, request.body);
      await limits('redeemLink', request);
      const user = await store.completeSignUp(hashSecretToken(token), randomUUID(), now());
      if (!user) {
        throw new ServiceError(400, 'SIGN_UP_LINK_INVALID', 'This sign-up link is not valid: it was used already or has expired. Sign up again, or sign in if you already have an account.');
      }
      request.log.info({ userId: user.id }, 'account created');
      return reply.code(201).send(await startSession(user));
    });

    app.post('/sessions', async (request, reply) => {
      const { email, password } = parseBody(CredentialsSchema, request.body);
      await limits('signIn', request, email);
      const ip = clientAddress(request);
      await checkSignInThrottle(store, email, ip, now());
      const user = await passwordChecks.run(ip, async () => {
        const found = await store.userByEmail(email);
        if (!found) {
          await spendPasswordCheck(password);
          return undefined;
        }
        return (await verifyPassword(password, found.passwordHash)) ? found : { refused: found };
      });
      const at = now();
      if (!user || 'refused' in user) {
        const outcome = user ? 'wrong_password' : 'unknown_email';
        await store.recordSignIn({ email, userId: user?.refused.id ?? null, outcome, at, ip });
        request.log.info({ userId: user?.refused.id, outcome }, 'sign-in refused');
        throw new ServiceError(401, 'WRONG_CREDENTIALS', 'The email or the password is wrong.');
      }
      await store.recordSignIn({ email, userId: user.id, outcome: 'ok', at, ip });
      return reply.send(await startSession(user));
    });

    app.delete('/sessions', async (request, reply) => {
      const token = bearerToken(request);
      if (!token) throw new ServiceError(401, 'UNAUTHENTICATED', 'Sign out needs the session token in an Authorization: Bearer header.');
      // Signing out twice, or after expiry, is still signed out.
      await store.deleteSession(hashSecretToken(token));
      return reply.code(204).send();
    });

    app.get('/me', async (request) => accountView(await signedInUser(request, context), now()));
  };
}
