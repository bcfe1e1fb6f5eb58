import type { FastifyPluginAsync } from 'fastify';
import { PasswordResetConfirmSchema, PasswordResetRequestSchema } from '../../../src-shared/licensing.js';
import { hashPassword } from '../accounts/password-hash.js';
import { hashSecretToken, newSecretToken } from '../accounts/secret-token.js';
import type { ServiceContext } from '../context.js';
import { clientAddress } from '../http/request-limits.js';
import { parseBody } from '../http/request-body.js';
import { ServiceError } from '../http/service-error.js';

/** A reset link works this long after it was asked for. */
export const RESET_TOKEN_MS = 60 * 60 * 1000;

/** Where the mail's link leads: the app (talkingphoto://password-reset?token=…), which asks for the new password. */
export const RESET_LINK_PATH = 'password-reset';

/** Forgotten password: a one-time token by mail, then a new password. */
export function passwordResetRoutes(context: ServiceContext): FastifyPluginAsync {
  const { store, now, mailer, config, limits, afterAnswer, passwordChecks } = context;
  return async (app) => {
    // 202 at once whether or not the email has an account; the lookup and the mail come
    // after the answer, so neither its content nor its timing tells which emails do.
    app.post('/password-reset', async (request, reply) => {
      const { email } = parseBody(PasswordResetRequestSchema, request.body);
      await limits('passwordReset', request, email);
      afterAnswer.later(request, 'password reset mail', async () => {
        const user = await store.userByEmail(email);
        if (!user) return;
        const { token, hash } = newSecretToken();
        const createdAt = now();
        await store.createPasswordReset({ tokenHash: hash, userId: user.id, createdAt, expiresAt: createdAt + RESET_TOKEN_MS });
        const link = `${config.returnUrlBase}${RESET_LINK_PATH}?token=${encodeURIComponent(token)}`;
        await mailer.send({ kind: 'password_reset', to: user.email, link, expiresAt: createdAt + RESET_TOKEN_MS });
      });
      return reply.code(202).send();
    });

    app.post('/password-reset/confirm', async (request, reply) => {
      const { token, password } = parseBody(PasswordResetConfirmSchema, request.body);
      await limits('redeemLink', request);
      const passwordHash = await passwordChecks.run(clientAddress(request), () => hashPassword(password));
      const userId = await store.resetPassword(hashSecretToken(token), passwordHash, now());
      if (!userId) throw new ServiceError(400, 'RESET_TOKEN_INVALID', 'This password reset link is not valid: it was used already or has expired. Ask for a new one.');
      request.log.info({ userId }, 'password reset; every session signed out');
      return reply.code(204).send();
    });
  };
}
