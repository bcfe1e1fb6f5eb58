import { TalkingPhotoError } from '../../../src-shared/errors.js';
import type { AccountState } from '../../../src-shared/ipc/account-channels.js';
import type { AccountExport } from '../../../src-shared/licensing.js';
import { DEEP_LINK_SCHEME } from '../../../src-shared/licensing.js';
import { getSetting, setSetting, type Library } from '../library/index.js';
import type { AccountClient } from '../licensing/account-client.js';
import { forgetEntitlement, projectsThisMonth, readLicense, storeEntitlement } from '../licensing/license.js';
import type { HandlerMap } from './dispatcher.js';
import type { EventHub } from './event-hub.js';
import type { Log } from '../log/logger.js';
import type { PlatformShell } from './platform-shell.js';

type AccountChannel =
  | 'account:get'
  | 'account:signUp'
  | 'account:signIn'
  | 'account:signOut'
  | 'account:refresh'
  | 'account:upgrade'
  | 'account:manage'
  | 'account:requestReset'
  | 'account:confirmReset'
  | 'account:export'
  | 'account:delete';

/**
 * The address this app asked a sign-up link for. Any web page can open a
 * talkingphoto://sign-up link, so one this app did not ask for (an attacker's own link,
 * which would sign the creator into the attacker's account to buy a plan there) is not
 * used. Kept in the library so the link still works after the app was closed and reopened.
 */
const PENDING_SIGN_UP_SETTING = 'licensing.pendingSignUp';

export interface AccountServiceOptions {
  library: Library;
  client: AccountClient;
  shell: PlatformShell;
  events: EventHub;
  log: Log;
  /** Tests and a self-hosted service pass their own key; the bundled one otherwise. */
  publicKey?: string;
  now?: () => number;
}

export interface AccountService {
  handlers: Pick<HandlerMap, AccountChannel>;
  /**
   * A `talkingphoto://` link the OS handed the app (or the host's /deep-link route): a
   * finished checkout fetches the new entitlement at once and tells every window; a
   * sign-up link creates the account and signs in; a reset link waits for the new password.
   */
  handleDeepLink(url: string): Promise<boolean>;
  /**
   * The service's record of the account for "Export all my data": null when signed out
   * (it holds nothing for this app), a sentence when it cannot be reached now.
   */
  accountRecord(): Promise<{ record: AccountExport } | { problem: string } | null>;
}

export function accountService(options: AccountServiceOptions): AccountService {
  const { library, client, shell, events, log } = options;
  const now = options.now ?? Date.now;
  let lastProblem: string | null = null;
  // The one-time token of a reset link the app was opened with: kept here, never sent to a window.
  let resetToken: string | null = null;

  const state = async (): Promise<AccountState> => {
    const license = readLicense(library, now(), options.publicKey);
    const signedIn = (await client.token()) !== null;
    return {
      signedIn,
      email: license.email,
      tier: license.tier,
      projectsThisMonth: projectsThisMonth(library, now()),
      projectsPerMonth: license.projectsPerMonth,
      watermark: license.watermark,
      validUntil: license.validUntil,
      problem: lastProblem ?? license.problem,
      resetPending: resetToken !== null,
    };
  };

  /** Asks the service for the entitlement and keeps it; a failure keeps the plan as it was. */
  const refresh = async (): Promise<AccountState> => {
    try {
      const token = await client.entitlement();
      if (token) storeEntitlement(library, token, now(), options.publicKey);
      lastProblem = null;
    } catch (error) {
      lastProblem = error instanceof TalkingPhotoError ? error.message : 'The plan could not be refreshed: try again later.';
      log.warn('entitlement refresh failed', { code: (error as { code?: string }).code ?? 'unknown' });
    }
    return state();
  };

  /** Uses a sign-up link this app asked for; the sentence for the window when it cannot. */
  const redeemSignUp = async (token: string): Promise<string | null> => {
    const asked = getSetting(library, PENDING_SIGN_UP_SETTING);
    if (typeof asked !== 'string') {
      log.warn('sign-up link not asked for here: not used', {});
      return 'This sign-up link was not asked for in this app: choose Create account here first, then open the link in the mail it sends.';
    }
    let email: string;
    try {
      email = (await client.confirmSignUp(token)).email;
    } catch (error) {
      log.warn('sign-up link refused', { code: (error as { code?: string }).code ?? 'unknown' });
      return error instanceof TalkingPhotoError ? error.message : 'The sign-up link could not be used: try again later.';
    }
    if (email !== asked) {
      try {
        await client.signOut();
      } catch (error) {
        log.warn('sign-out after a foreign sign-up link failed', { code: (error as { code?: string }).code ?? 'unknown' });
      }
      return `This sign-up link is for another address than ${asked}: open the link in the mail sent to ${asked}.`;
    }
    setSetting(library, PENDING_SIGN_UP_SETTING, undefined);
    return null;
  };

  const signedIn = async (): Promise<AccountState> => {
    const after = await refresh();
    events.emit('account:changed', after);
    return after;
  };

  return {
    handlers: {
      'account:get': state,
      'account:signUp': async ({ email, password }) => {
        await client.signUp(email, password);
        setSetting(library, PENDING_SIGN_UP_SETTING, email);
        return {};
      },
      'account:signIn': async ({ email, password }) => {
        await client.signIn(email, password);
        return signedIn();
      },
      'account:signOut': async () => {
        try {
          await client.signOut();
        } catch (error) {
          // Signed out here whatever the service said; it forgets the session within a day.
          log.warn('sign-out at the service failed', { code: (error as { code?: string }).code ?? 'unknown' });
        }
        forgetEntitlement(library);
        lastProblem = null;
        const after = await state();
        events.emit('account:changed', after);
        return after;
      },
      'account:refresh': async () => {
        const after = await refresh();
        events.emit('account:changed', after);
        return after;
      },
      'account:upgrade': async ({ tier }) => {
        const url = await client.checkoutUrl(tier);
        return { url, opened: await shell.openExternal(url) };
      },
      'account:requestReset': async ({ email }) => {
        await client.requestPasswordReset(email);
        return {};
      },
      'account:confirmReset': async ({ password }) => {
        if (!resetToken) throw new TalkingPhotoError('ACCOUNT_REFUSED', 'Open the reset link from the email again: this one was already used or has expired.');
        await client.confirmPasswordReset(resetToken, password);
        resetToken = null;
        return state();
      },
      'account:export': async () => {
        const record = await client.accountExport();
        if (!record) throw new TalkingPhotoError('ACCOUNT_REFUSED', 'Sign in first: the account service holds nothing for this computer while you are signed out.');
        return record;
      },
      'account:delete': async () => {
        // The service cancels the subscription before it erases anything; a refusal leaves all as it was.
        await client.deleteAccount();
        forgetEntitlement(library);
        setSetting(library, PENDING_SIGN_UP_SETTING, undefined);
        lastProblem = null;
        log.info('account deleted at the service', {});
        const after = await state();
        events.emit('account:changed', after);
        return after;
      },
      'account:manage': async () => {
        const url = await client.portalUrl();
        return { url, opened: await shell.openExternal(url) };
      },
    },
    async accountRecord() {
      try {
        const record = await client.accountExport();
        return record ? { record } : null;
      } catch (error) {
        log.warn('account record for the export failed', { code: (error as { code?: string }).code ?? 'unknown' });
        return { problem: error instanceof TalkingPhotoError ? error.message : 'The account service could not be asked: try again later.' };
      }
    },
    async handleDeepLink(url: string): Promise<boolean> {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return false;
      }
      if (parsed.protocol !== `${DEEP_LINK_SCHEME}:`) return false;
      // talkingphoto://checkout/success?session_id=…: the host is "checkout". `account` is
      // the way back from Stripe's portal, where a plan may have changed or ended.
      const route = `${parsed.hostname}${parsed.pathname}`.replace(/\/$/, '');
      if (route === 'sign-up') {
        // The link from the sign-up mail: redeeming it creates the account and signs in here.
        const token = parsed.searchParams.get('token');
        if (!token || token.length < 20 || token.length > 200) return false;
        lastProblem = await redeemSignUp(token);
        if (lastProblem === null) await signedIn();
        else events.emit('account:changed', await state());
        return true;
      }
      if (route === 'password-reset') {
        const token = parsed.searchParams.get('token');
        if (!token || token.length < 20 || token.length > 200) return false;
        resetToken = token;
        events.emit('account:changed', await state());
        return true;
      }
      if (route !== 'checkout/success' && route !== 'checkout/cancel' && route !== 'account') return false;
      if (route !== 'checkout/cancel') await refresh();
      events.emit('account:changed', await state());
      return true;
    },
  };
}
