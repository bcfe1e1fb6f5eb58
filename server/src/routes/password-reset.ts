import type { FastifyPluginAsync } from 'fastify';
import { PasswordResetConfirmSchema, PasswordResetRequestSchema } from '../../../src-shared/licensing.js';
import { hashPassword } from '../accounts/password-hash.js';
import { hashSecretToken, newSecretToken } from '../accounts/secret-token.js';
import type { ServiceContext } from '../context.js';
import { parseBody } from '../http/request-body.js';
import { ServiceError } from '../http/service-error.js';

/** A reset link works this long after it was asked for. */
export const RESET_TOKEN_MS = 60 * 60 * 1000;

/** Where the mail's link leads: the app (talkingphoto://password-reset?token=…), which asks for the new password. */
export const RESET_LINK_PATH = 'password-reset';

/** Forgotten password: a one-time token by mail, then a new password. */
export function passwordResetRoutes(context: ServiceContext): FastifyPluginAsync {
  const { store, now, mailer, config } = context;
  return async (app) => {
    // 202 whether or not the email has an account, so the answer tells no one which emails do.
    app.post('/password-reset', async (request, reply) => {
      const { email } = parseBody(PasswordResetRequestSchema, request.body);
      const user = await store.userByEmail(email);
      if (user) {
        const { token, hash } = newSecretToken();
        const createdAt = now();
        await store.createPasswordReset({ tokenHash: hash, userId: user.id, createdAt, expiresAt: createdAt + RESET_TOKEN_MS });
        const link = `${config.returnUrlBase}${RESET_LINK_PATH}?token=${encodeURIComponent(token)}`;
        try {
          await mailer.send({ kind: 'password_reset', to: user.email, link, expiresAt: createdAt + RESET_TOKEN_MS });
        } catch (error) {
          // The person asks again; the answer must not differ from an unknown email's.
          request.log.error({ userId: user.id, errorName: (error as Error).name }, 'password reset mail failed');
        }
      }
      return reply.code(202).send();
    });

    app.post('/password-reset/confirm', async (request, reply) => {
      const { token, password } = parseBody(PasswordResetConfirmSchema, request.body);
      const passwordHash = await hashPassword(password);
      const userId = await store.resetPassword(hashSecretToken(token), passwordHash, now());
      if (!userId) throw new ServiceError(400, 'RESET_TOKEN_INVALID', 'This password reset link is not valid: it was used already or has expired. Ask for a new one.');
      request.log.info({ userId }, 'password reset; every session signed out');
      return reply.code(204).send();
    });
  };
}
