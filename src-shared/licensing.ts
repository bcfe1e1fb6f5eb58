import { z } from 'zod';
import { TIERS, type Tier } from './providers.js';

/**
 * The contract between the desktop app and the licensing service (server/): its HTTP
 * routes' bodies, the entitlement token, and the tier rules the app enforces in main.
 * Both sides validate with these schemas; the Stripe secret and the signing key live only
 * on the service (SPEC §5).
 */

/** SPEC §5: projects a calendar month (UTC); null is unlimited. */
export const PROJECTS_PER_MONTH: Readonly<Record<Tier, number | null>> = { free: 3, starter: 30, pro: null, enterprise: null };
/** Free videos carry a small watermark. */
/** The first instant of this calendar month, UTC: plans count videos per month (SPEC §5). */
export function monthStart(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

export const WATERMARKED_TIERS: readonly Tier[] = ['free'];
/** Tiers that can be bought (free is what everyone has). */
export const PAID_TIERS = ['starter', 'pro', 'enterprise'] as const satisfies readonly Tier[];
export type PaidTier = (typeof PAID_TIERS)[number];

/** An entitlement stays valid this long past the paid period's end (a late renewal, an offline week). */
export const GRACE_PERIOD_DAYS = 7;
/** Session tokens of the service expire after a day (SPEC §5). */
export const SESSION_HOURS = 24;
export const MIN_PASSWORD_CHARS = 8;
/**
 * Failed sign-ins slow down instead of locking the account (issue 13: SPEC §5's 30-minute
 * lock after 5 failures let anyone lock anyone out). Failures are counted per email,
 * whether or not it has an account, within `windowMinutes` and since its last success or
 * password reset. From one address, after `freeFailures` each further try waits 1 s, 2 s,
 * 4 s … up to `maxDelaySeconds`; from all addresses together the wait stops at a minute,
 * so a guesser elsewhere delays the owner by a minute at most.
 */
export const SIGN_IN_THROTTLE = {
  windowMinutes: 60,
  perAddress: { freeFailures: 5, maxDelaySeconds: 15 * 60 },
  perEmail: { freeFailures: 10, maxDelaySeconds: 60 },
} as const;
/** A sign-up link works this long after it was asked for. */
export const SIGN_UP_LINK_HOURS = 24;

export const EmailSchema = z
  .email()
  .max(254)
  .transform((email) => email.trim().toLowerCase());
export const PasswordSchema = z.string().min(MIN_PASSWORD_CHARS, `a password has at least ${MIN_PASSWORD_CHARS} characters`).max(1024);

export const CredentialsSchema = z.strictObject({ email: EmailSchema, password: PasswordSchema });

export const SUBSCRIPTION_STATUSES = ['none', 'active', 'trialing', 'past_due', 'canceled', 'unpaid', 'incomplete'] as const;

export const AccountSchema = z.object({
  id: z.string(),
  email: z.string(),
  tier: z.enum(TIERS),
  subscriptionStatus: z.enum(SUBSCRIPTION_STATUSES),
  /** End of the paid period (ISO), null without a subscription. */
  periodEnd: z.string().nullable(),
});
export type Account = z.output<typeof AccountSchema>;

/**
 * POST /accounts/confirm (the sign-up link's token) and POST /sessions (sign in). POST
 * /accounts itself answers 202 with no body whether or not the email has an account, and
 * mails either a sign-up link or a note that an account exists.
 */
export const SignUpConfirmSchema = z.strictObject({ token: z.string().min(20).max(200) });
export const SessionSchema = z.object({ token: z.string().min(20), expiresAt: z.string(), account: AccountSchema });
export type Session = z.output<typeof SessionSchema>;

/** POST /checkout: a Stripe Checkout Session for a paid tier; POST /portal: the Billing Portal. */
export const CheckoutRequestSchema = z.strictObject({ tier: z.enum(PAID_TIERS) });
export const RedirectSchema = z.object({ url: z.url() });

export const PasswordResetRequestSchema = z.strictObject({ email: EmailSchema });
export const PasswordResetConfirmSchema = z.strictObject({ token: z.string().min(20).max(200), password: PasswordSchema });

/**
 * GET /account/export: everything the service holds about the signed-in account, as its
 * owner may download it (GDPR art. 15/20). Secrets (the password's hash, token hashes) are
 * named in `notIncluded`, never sent.
 */
export const ACCOUNT_EXPORT_FORMAT = 'talkingphoto-account-export';
const When = z.string().nullable();
export const AccountExportSchema = z.object({
  format: z.literal(ACCOUNT_EXPORT_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  profile: z.object({ id: z.string(), email: z.string(), createdAt: z.string(), videosCountedThisMonth: z.number(), countedMonth: z.string().nullable() }),
  subscription: z.object({
    /** The plan the account has now (a lapsed subscription is free). */
    tier: z.enum(TIERS),
    status: z.enum(SUBSCRIPTION_STATUSES),
    stripeCustomerId: z.string().nullable(),
    stripeSubscriptionId: z.string().nullable(),
    periodEnd: When,
  }),
  purchases: z.array(
    z.object({
      id: z.string(),
      stripeCheckoutSessionId: z.string().nullable(),
      stripeInvoiceId: z.string().nullable(),
      stripeSubscriptionId: z.string().nullable(),
      amount: z.number().nullable(),
      currency: z.string(),
      status: z.string(),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  ),
  /** Signed-in apps (a session is one app on one computer). */
  sessions: z.array(z.object({ createdAt: z.string(), expiresAt: z.string(), current: z.boolean() })),
  passwordResets: z.array(z.object({ createdAt: z.string(), expiresAt: z.string(), usedAt: When })),
  signUpLinks: z.array(z.object({ createdAt: z.string(), expiresAt: z.string(), usedAt: When })),
  loginAttempts: z.array(z.object({ at: z.string(), email: z.string(), outcome: z.string(), ip: z.string().nullable() })),
  notIncluded: z.array(z.string()),
});
export type AccountExport = z.output<typeof AccountExportSchema>;

/** Every refusal of the service: a code a program can act on, a sentence a person can. */
export const ServiceErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/**
 * The entitlement: what the app may do, signed by the service with Ed25519 so the app can
 * check it with no network. Token = base64url(JSON payload) "." base64url(signature over
 * the payload's base64url text).
 */
export const EntitlementPayloadSchema = z.object({
  v: z.literal(1),
  /** The account id. */
  sub: z.string(),
  email: z.string(),
  tier: z.enum(TIERS),
  /** Projects a month; null unlimited. */
  projectsPerMonth: z.number().int().nonnegative().nullable(),
  watermark: z.boolean(),
  issuedAt: z.string(),
  /** The paid period's end plus the grace period; a free entitlement lasts a grace period. */
  validUntil: z.string(),
});
export type EntitlementPayload = z.output<typeof EntitlementPayloadSchema>;

/** GET /entitlement. */
export const EntitlementResponseSchema = z.object({ token: z.string().min(40) });

/** What the tier allows, for an entitlement the service signs and for the free fallback. */
export function tierRules(tier: Tier): Pick<EntitlementPayload, 'tier' | 'projectsPerMonth' | 'watermark'> {
  return { tier, projectsPerMonth: PROJECTS_PER_MONTH[tier], watermark: WATERMARKED_TIERS.includes(tier) };
}

/** The deep link Stripe Checkout returns to: `talkingphoto://checkout/success` or `/cancel`. */
export const DEEP_LINK_SCHEME = 'talkingphoto';
