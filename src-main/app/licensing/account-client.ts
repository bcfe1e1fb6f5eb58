import type { z } from 'zod';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import {
  AccountExportSchema,
  AccountSchema,
  EntitlementResponseSchema,
  RedirectSchema,
  ServiceErrorSchema,
  SessionSchema,
  type Account,
  type AccountExport,
  type PaidTier,
  type Session,
} from '../../../src-shared/licensing.js';
import { systemKeychain, type SecretStore } from '../secrets/secret-store.js';
import { isPackagedApp } from './license.js';
import { serviceUrlProblem } from './service-url.js';

/**
 * The app's side of the licensing service (server/): sign up, sign in, buy, manage, and
 * fetch the signed entitlement. The session token is a secret: it lives in the OS
 * keychain beside the provider keys, never in the library or a log.
 */

export const DEFAULT_LICENSE_URL = 'https://licensing.talkingphoto.app';
const KEYCHAIN_SERVICE = 'TalkingPhoto';
const SESSION_ACCOUNT = 'licensing-session';
/** A sign-in or a checkout link should come back quickly or not at all. */
const REQUEST_TIMEOUT_MS = 15_000;

export function licenseServiceUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.TALKINGPHOTO_LICENSE_URL?.trim() || DEFAULT_LICENSE_URL).replace(/\/+$/, '');
}

export class AccountClient {
  /** Kept in memory when there is no keychain: signed in until the app closes. */
  private memoryToken: string | null = null;

  constructor(
    readonly baseUrl: string = licenseServiceUrl(),
    private readonly secrets: SecretStore | null = systemKeychain(),
    private readonly fetchFn: typeof fetch = globalThis.fetch,
  ) {}

  async token(): Promise<string | null> {
    if (!this.secrets) return this.memoryToken;
    try {
      return await this.secrets.getPassword(KEYCHAIN_SERVICE, SESSION_ACCOUNT);
    } catch {
      return this.memoryToken;
    }
  }

  private async keep(session: Session): Promise<void> {
    this.memoryToken = session.token;
    try {
      await this.secrets?.setPassword(KEYCHAIN_SERVICE, SESSION_ACCOUNT, session.token);
    } catch {
      // No keychain: the session lasts while the app runs.
    }
  }

  async forget(): Promise<void> {
    this.memoryToken = null;
    try {
      await this.secrets?.deletePassword(KEYCHAIN_SERVICE, SESSION_ACCOUNT);
    } catch {
      // Nothing stored.
    }
  }

  /** The service mails a sign-up link (202 whether or not the address has an account); nothing is signed in yet. */
  async signUp(email: string, password: string): Promise<void> {
    await this.call('POST', '/accounts', null, { email, password });
  }

  /** The token of the mailed sign-up link: creates the account and signs in. */
  async confirmSignUp(token: string): Promise<Account> {
    const session = await this.call('POST', '/accounts/confirm', SessionSchema, { token });
    await this.keep(session);
    return session.account;
  }

  async signIn(email: string, password: string): Promise<Account> {
    const session = await this.call('POST', '/sessions', SessionSchema, { email, password });
    await this.keep(session);
    return session.account;
  }

  async signOut(): Promise<void> {
    const token = await this.token();
    try {
      if (token) await this.call('DELETE', '/sessions', null, undefined, token);
    } finally {
      await this.forget();
    }
  }

  async me(): Promise<Account | null> {
    const token = await this.token();
    return token ? this.call('GET', '/me', AccountSchema, undefined, token) : null;
  }

  async requestPasswordReset(email: string): Promise<void> {
    await this.call('POST', '/password-reset', null, { email });
  }

  async confirmPasswordReset(token: string, password: string): Promise<void> {
    await this.call('POST', '/password-reset/confirm', null, { token, password });
    // Every session of the account ended with the reset, this one included.
    await this.forget();
  }

  async checkoutUrl(tier: PaidTier): Promise<string> {
    return (await this.call('POST', '/checkout', RedirectSchema, { tier }, await this.required())).url;
  }

  async portalUrl(): Promise<string> {
    return (await this.call('POST', '/portal', RedirectSchema, {}, await this.required())).url;
  }

  async entitlement(): Promise<string | null> {
    const token = await this.token();
    return token ? (await this.call('GET', '/entitlement', EntitlementResponseSchema, undefined, token)).token : null;
  }

  /** Everything the service holds about the account; null when signed out (the service holds nothing for this app then). */
  async accountExport(): Promise<AccountExport | null> {
    const token = await this.token();
    return token ? this.call('GET', '/account/export', AccountExportSchema, undefined, token) : null;
  }

  /** The service cancels the subscription, then erases the account; signed out here once it has. */
  async deleteAccount(): Promise<void> {
    await this.call('DELETE', '/account', null, undefined, await this.required());
    await this.forget();
  }

  private async required(): Promise<string> {
    const token = await this.token();
    if (!token) throw new TalkingPhotoError('ACCOUNT_REFUSED', 'Sign in first: Settings, Account.');
    return token;
  }

  private async call<S extends z.ZodType>(method: string, path: string, schema: S | null, body: unknown, token?: string): Promise<z.output<S>> {
    // Passwords and the session token go nowhere but an https service (http on this computer while developing).
    const refused = serviceUrlProblem(this.baseUrl, isPackagedApp());
    if (refused) throw new TalkingPhotoError('SERVICE_UNREACHABLE', refused, { detail: 'licensing service URL refused' });
    let response: Response;
    try {
      response = await this.fetchFn(`${this.baseUrl}${path}`, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new TalkingPhotoError('SERVICE_UNREACHABLE', "TalkingPhoto's account service cannot be reached: check your connection and try again. Your plan stays as it is meanwhile.", {
        detail: (error as Error).message,
      });
    }
    if (response.status === 401 && token) {
      // The service no longer knows this session (expired after a day, or signed out elsewhere).
      await this.forget();
      throw new TalkingPhotoError('ACCOUNT_REFUSED', 'You were signed out: sign in again.');
    }
    if (!response.ok) {
      const parsed = ServiceErrorSchema.safeParse(await response.json().catch(() => null));
      throw new TalkingPhotoError('ACCOUNT_REFUSED', parsed.success ? parsed.data.error.message : `The account service refused (HTTP ${response.status}): try again later.`, {
        detail: parsed.success ? parsed.data.error.code : `HTTP ${response.status}`,
      });
    }
    if (schema === null) return undefined as z.output<S>;
    const parsed = schema.safeParse(await response.json().catch(() => null));
    if (!parsed.success)
      throw new TalkingPhotoError('SERVICE_UNREACHABLE', 'The account service answered something this version does not understand: update TalkingPhoto.', { detail: parsed.error.message });
    return parsed.data;
  }
}
