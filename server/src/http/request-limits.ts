import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { EmailSchema } from '../../../src-shared/licensing.js';
import { ServiceError } from './service-error.js';

/**
 * How often the routes that check a password, send a mail or redeem a link may be asked,
 * counted by @fastify/rate-limit in this process's memory: per client address and per email
 * as typed (normalised), so an email without an account is limited exactly like one with
 * an account. A person mistyping a password or asking for a mail twice stays far below
 * these; a script does not. Behind a proxy, TALKINGPHOTO_SERVER_TRUST_PROXY makes the
 * address the client's rather than the proxy's.
 */
export const REQUEST_LIMITS = {
  signIn: { perAddress: { max: 10, minutes: 1 }, perEmail: { max: 10, minutes: 1 } },
  signUp: { perAddress: { max: 10, minutes: 60 }, perEmail: { max: 3, minutes: 60 } },
  passwordReset: { perAddress: { max: 10, minutes: 60 }, perEmail: { max: 3, minutes: 60 } },
  /** Redeeming a sign-up or reset link: the tokens cannot be guessed, but each try may hash a password. */
  redeemLink: { perAddress: { max: 20, minutes: 15 } },
} as const satisfies Record<string, LimitPair>;

interface Limit {
  max: number;
  minutes: number;
}
interface LimitPair {
  perAddress: Limit;
  perEmail?: Limit;
}

export type LimitedAction = keyof typeof REQUEST_LIMITS;
export type RequestLimitSettings = Record<LimitedAction, LimitPair>;

/** How many counters the rate limits keep (the plugin's default is 5000). */
const RATE_LIMIT_ENTRIES = 200_000;

/** IPv6 clients get a whole /64 from their provider: they count as one address. */
const IPV6_SUBNET = 64;

/** The address a request counts against (an IPv6 one reduced to its /64). */
export function clientAddress(request: FastifyRequest): string {
  return normalizeIP(request.ip, IPV6_SUBNET);
}

export type RequestLimits = (action: LimitedAction, request: FastifyRequest, email?: string) => Promise<void>;

/**
 * Registers the rate-limit plugin (no global limit) and returns the check a route runs once
 * its body is parsed, because the email is in the body. Throws a 429 with Retry-After.
 */
export async function requestLimits(app: FastifyInstance, settings: RequestLimitSettings = REQUEST_LIMITS): Promise<RequestLimits> {
  await app.register(rateLimit, { global: false });
  type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
  // Each limiter keeps its counters in an LRU of its own, sized by `cache` (read at run time,
  // missing from the option's type): big enough that cycling through made-up emails cannot
  // push a real email's counter out (an entry is a few dozen bytes).
  const limiter = (key: (request: FastifyRequest) => string, limit: Limit): Limiter =>
    app.createRateLimit({ max: limit.max, timeWindow: limit.minutes * 60_000, keyGenerator: key, cache: RATE_LIMIT_ENTRIES } as Parameters<FastifyInstance['createRateLimit']>[0]);
  const limiters = Object.fromEntries(
    Object.entries(settings).map(([action, limits]: [string, LimitPair]) => [
      action,
      {
        perAddress: limiter((request) => `${action}:address:${clientAddress(request)}`, limits.perAddress),
        perEmail: limits.perEmail ? limiter((request) => `${action}:email:${emailOf(request)}`, limits.perEmail) : undefined,
      },
    ]),
  ) as Record<LimitedAction, { perAddress: Limiter; perEmail?: Limiter }>;

  return async (action, request, email) => {
    const { perAddress, perEmail } = limiters[action];
    const answers = [await perAddress(request), ...(perEmail && email !== undefined ? [await perEmail(request)] : [])];
    const exceeded = answers.filter((answer) => !answer.isAllowed && answer.isExceeded);
    if (exceeded.length === 0) return;
    const seconds = Math.max(1, ...exceeded.map((answer) => (answer.isAllowed ? 0 : answer.ttlInSeconds)));
    throw new ServiceError(429, 'TOO_MANY_REQUESTS', `Too many requests: wait ${describeWait(seconds)} and try again.`, seconds);
  };
}

function emailOf(request: FastifyRequest): string {
  const parsed = EmailSchema.safeParse((request.body as { email?: unknown } | undefined)?.email);
  return parsed.success ? parsed.data : '';
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}
