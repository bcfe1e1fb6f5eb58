import type { FastifyRequest } from 'fastify';
import { hashSecretToken } from '../accounts/secret-token.js';
import type { ServiceContext } from '../context.js';
import type { UserRecord } from '../store/store.js';
import { ServiceError } from './service-error.js';

/** The session token of an `Authorization: Bearer …` header, undefined without one. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const found = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return found?.[1];
}

/** The account whose unexpired session token the request carries; a 401 otherwise. */
export async function signedInUser(request: FastifyRequest, context: ServiceContext): Promise<UserRecord> {
  const token = bearerToken(request);
  if (!token) throw new ServiceError(401, 'UNAUTHENTICATED', 'Sign in first: this needs the session token from POST /sessions in an Authorization: Bearer header.');
  const tokenHash = hashSecretToken(token);
  const session = await context.store.sessionByTokenHash(tokenHash);
  if (!session) throw new ServiceError(401, 'UNAUTHENTICATED', 'This session is not valid any more: sign in again.');
  if (session.expiresAt <= context.now()) {
    await context.store.deleteSession(tokenHash);
    throw new ServiceError(401, 'SESSION_EXPIRED', 'Your session has expired: sign in again.');
  }
  const user = await context.store.userById(session.userId);
  if (!user) throw new ServiceError(401, 'UNAUTHENTICATED', 'This session is not valid any more: sign in again.');
  return user;
}
