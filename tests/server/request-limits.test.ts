import Fastify, { type FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { requestLimits, type RequestLimitSettings } from '../../server/src/http/request-limits.js';
import { ServiceError } from '../../server/src/http/service-error.js';

const ONE_AN_HOUR = { max: 1, minutes: 60 };
const SETTINGS: RequestLimitSettings = {
  signIn: { perAddress: { max: 100_000, minutes: 60 }, perEmail: ONE_AN_HOUR },
  signUp: { perAddress: ONE_AN_HOUR, perEmail: ONE_AN_HOUR },
  passwordReset: { perAddress: ONE_AN_HOUR, perEmail: ONE_AN_HOUR },
  redeemLink: { perAddress: ONE_AN_HOUR },
};

/** What the limits read of a request: its address and its parsed body. */
const request = (ip: string, email: string): FastifyRequest => ({ ip, body: { email }, routeOptions: { config: {} } }) as unknown as FastifyRequest;

describe('the rate limits per email', () => {
  it("keep a real email's count while thousands of made-up emails are tried (more than the plugin's default 5000 counters)", async () => {
    const app = Fastify();
    const limits = await requestLimits(app, SETTINGS);
    await limits('signIn', request('10.9.9.9', 'victim@example.com'), 'victim@example.com');
    for (let i = 0; i < 6000; i++) await limits('signIn', request('10.1.0.1', `made-up-${i}@example.com`), `made-up-${i}@example.com`);
    const again = limits('signIn', request('10.9.9.8', 'victim@example.com'), 'victim@example.com');
    await expect(again).rejects.toBeInstanceOf(ServiceError);
    await expect(again).rejects.toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS', retryAfterSeconds: expect.any(Number) });
    await app.close();
  });
});
