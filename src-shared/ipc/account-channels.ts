import { z } from 'zod';
import { AccountExportSchema, CredentialsSchema, EmailSchema, PAID_TIERS, PasswordSchema } from '../licensing.js';
import { TIERS } from '../providers.js';
import { NoPayload, requestChannel } from './channel.js';

/**
 * Settings → Account (SPEC §5): sign in, the plan and its use this month, buying and
 * managing a subscription. Main decides the plan from the signed entitlement; the window
 * shows what main concluded and never holds a session token or an entitlement.
 */

/** What the creator types to delete their account (Settings → Account). */
export const DELETE_ACCOUNT_PHRASE = 'delete my account';

export const AccountStateSchema = z.object({
  signedIn: z.boolean(),
  email: z.string().nullable(),
  tier: z.enum(TIERS),
  projectsThisMonth: z.number().int().nonnegative(),
  /** Null: unlimited. */
  projectsPerMonth: z.number().int().nonnegative().nullable(),
  watermark: z.boolean(),
  /** Until when the plan holds with no network (the entitlement's validUntil). */
  validUntil: z.string().nullable(),
  /** Why the saved plan was not honoured, or the last refresh failed. */
  problem: z.string().nullable(),
  /** A password-reset link from the mail opened the app: it waits for the new password. */
  resetPending: z.boolean().default(false),
});
export type AccountState = z.output<typeof AccountStateSchema>;

/** Where the window should send the creator: opened already by the desktop app, or for the page to open. */
const Opened = z.object({ url: z.url(), opened: z.boolean() });

export const ACCOUNT_REQUESTS = {
  'account:get': requestChannel(NoPayload, AccountStateSchema),
  /**
   * Asks the service to mail a sign-up link (or, for an address with an account, a note
   * saying so: the answer is the same either way). The account exists, and the app is
   * signed in, once the link opens the app (the `talkingphoto://sign-up?token=…` deep link).
   */
  'account:signUp': requestChannel(CredentialsSchema, z.object({})),
  'account:signIn': requestChannel(CredentialsSchema, AccountStateSchema),
  'account:signOut': requestChannel(NoPayload, AccountStateSchema),
  /** Asks the service again now (after checkout, or the creator's Refresh). */
  'account:refresh': requestChannel(NoPayload, AccountStateSchema),
  /** Stripe Checkout for a paid plan, in the system browser. */
  'account:upgrade': requestChannel(z.strictObject({ tier: z.enum(PAID_TIERS) }), Opened),
  /** Mails a reset link when an account uses the address; the answer never says whether one does. */
  'account:requestReset': requestChannel(z.strictObject({ email: EmailSchema }), z.object({})),
  /** The new password for the reset link the app was opened with; the link's token stays in main. */
  'account:confirmReset': requestChannel(z.strictObject({ password: PasswordSchema }), AccountStateSchema),
  /** Stripe's Billing Portal: change or cancel the plan. */
  'account:manage': requestChannel(NoPayload, Opened),
  /** Everything the licensing service holds about the signed-in account (GET /account/export), for the creator to save. */
  'account:export': requestChannel(NoPayload, AccountExportSchema),
  /**
   * Deletes the account at the service: its subscription is cancelled first, then every
   * row erased. The typed sentence must be sent back; the app is signed out after.
   */
  'account:delete': requestChannel(z.strictObject({ confirm: z.literal(DELETE_ACCOUNT_PHRASE) }), AccountStateSchema),
} as const;

export const ACCOUNT_EVENTS = {
  /** The plan changed without the window asking: a checkout came back, a refresh found news. */
  'account:changed': AccountStateSchema,
} as const;
