import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { CredentialsSchema, LOCKOUT_MINUTES, MAX_FAILED_SIGN_INS, SESSION_HOURS, type Session } from '../../../src-shared/licensing.js';
import { hashPassword, spendPasswordCheck, verifyPassword } from '../accounts/password-hash.js';
import { hashSecretToken, newSecretToken } from '../accounts/secret-token.js';
import { accountView } from '../billing/plan.js';
import type { ServiceContext } from '../context.js';
import { parseBody } from '../http/request-body.js';
import { ServiceError } from '../http/service-error.js';
import { bearerToken, signedInUser } from '../http/signed-in.js';
import type { LockoutPolicy, UserRecord } from '../store/store.js';

const SESSION_MS = SESSION_HOURS * 60 * 60 * 1000;
const LOCKOUT: LockoutPolicy = { maxFailures: MAX_FAILED_SIGN_INS, lockMs: LOCKOUT_MINUTES * 60 * 1000 };

/** Sign up, sign in, sign out and who am I (SPEC §5's account rules). */
export function accountRoutes(context: ServiceContext): FastifyPluginAsync {
  const { store, now } = context;

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
      const passwordHash = await hashPassword(password);
      const user = await store.createUser({ id: randomUUID(), email, passwordHash, createdAt: now() });
      if (!user) throw new ServiceError(409, 'EMAIL_TAKEN', 'An account with this email already exists: sign in instead, or reset its password.');
      request.log.info({ userId: user.id }, 'account created');
      return reply.code(201).send(await startSession(user));
    });

    app.post('/sessions', async (request, reply) => {
      const { email, password } = parseBody(CredentialsSchema, request.body);
      const user = await store.userByEmail(email);
      const at = now();
      if (user?.lockedUntil && user.lockedUntil > at) {
        await store.recordSignIn({ email, userId: user.id, outcome: 'locked', at }, LOCKOUT);
        throw locked(reply, user.lockedUntil, at);
      }
      let good = false;
      if (user) good = await verifyPassword(password, user.passwordHash);
      else await spendPasswordCheck(password);
      if (!user || !good) {
        const outcome = user ? 'wrong_password' : 'unknown_email';
        const { lockedUntil } = await store.recordSignIn({ email, userId: user?.id ?? null, outcome, at }, LOCKOUT);
        request.log.info({ userId: user?.id, outcome }, 'sign-in refused');
        if (lockedUntil && lockedUntil > at) throw locked(reply, lockedUntil, at);
        throw new ServiceError(401, 'WRONG_CREDENTIALS', 'The email or the password is wrong.');
      }
      await store.recordSignIn({ email, userId: user.id, outcome: 'ok', at }, LOCKOUT);
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

function locked(reply: FastifyReply, until: number, at: number): ServiceError {
  const minutes = Math.max(1, Math.ceil((until - at) / 60_000));
  reply.header('retry-after', String(Math.ceil((until - at) / 1000)));
  const when = `${new Date(until).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return new ServiceError(
    423,
    'ACCOUNT_LOCKED',
    `After ${MAX_FAILED_SIGN_INS} failed sign-ins this account is locked until ${when} (in ${minutes} minute${minutes === 1 ? '' : 's'}): try again then, or reset the password.`,
  );
}
