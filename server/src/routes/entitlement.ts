import type { FastifyPluginAsync } from 'fastify';
import { signEntitlement } from '../../../src-shared/entitlement-token.js';
import { entitlementPayload } from '../billing/plan.js';
import type { ServiceContext } from '../context.js';
import { signedInUser } from '../http/signed-in.js';

/** The signed statement of the account's plan the app checks offline (src-shared/entitlement-token.ts). */
export function entitlementRoutes(context: ServiceContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/entitlement', async (request) => {
      const user = await signedInUser(request, context);
      return { token: signEntitlement(entitlementPayload(user, context.now()), context.config.entitlementPrivateKey) };
    });
  };
}
