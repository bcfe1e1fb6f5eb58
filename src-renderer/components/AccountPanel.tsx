import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { PAID_TIERS, type PaidTier } from '../../src-shared/licensing.js';
import type { Tier } from '../../src-shared/providers.js';
import { useStores } from '../stores/app-stores.js';
import { DELETE_ACCOUNT_PHRASE } from '../stores/account-store.js';
import { TypedConfirmation } from './TypedConfirmation.js';

/**
 * Settings → Account (SPEC §5): sign in or create an account, the plan and this month's
 * videos, Upgrade (Stripe Checkout in the browser), Manage subscription (Stripe's portal),
 * Sign out. Everything works signed out, on the free plan.
 */

const TIER_NAMES: Record<Tier, string> = { free: 'Free', starter: 'Starter', pro: 'Pro', enterprise: 'Enterprise' };
const TIER_PITCH: Record<PaidTier, string> = {
  starter: '30 videos a month, no watermark',
  pro: 'Unlimited videos, premium cloud video services',
  enterprise: 'Unlimited videos, the largest cloud budget',
};

function SignInForm() {
  const { account } = useStores();
  const busy = useStore(account, (s) => s.busy);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [creating, setCreating] = useState(false);
  return (
    <form
      className="account-form"
      onSubmit={(event) => {
        event.preventDefault();
        void (creating ? account.getState().signUp(email, password) : account.getState().signIn(email, password)).then((ok) => ok && setPassword(''));
      }}
    >
      <div className="field narrow">
        <label className="label" htmlFor="account-email">
          Email
        </label>
        <input id="account-email" type="email" autoComplete="email" value={email} required onChange={(event) => setEmail(event.target.value)} />
      </div>
      <div className="field narrow">
        <label className="label" htmlFor="account-password">
          Password
        </label>
        <input
          id="account-password"
          type="password"
          autoComplete={creating ? 'new-password' : 'current-password'}
          minLength={8}
          value={password}
          required
          aria-describedby="account-password-hint"
          onChange={(event) => setPassword(event.target.value)}
        />
        <p className="hint" id="account-password-hint">
          At least 8 characters.
        </p>
      </div>
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy}>
          {creating ? 'Create account' : 'Sign in'}
        </button>
        <button type="button" disabled={busy} onClick={() => setCreating(!creating)}>
          {creating ? 'I have an account' : 'Create an account'}
        </button>
        {!creating && (
          <button type="button" disabled={busy || !email.includes('@')} onClick={() => void account.getState().requestReset(email)}>
            Forgot password?
          </button>
        )}
      </div>
    </form>
  );
}

/** Opened from the reset link in the mail: the link's token stays in main, only the new password is asked. */
function NewPasswordForm() {
  const { account } = useStores();
  const busy = useStore(account, (s) => s.busy);
  const [password, setPassword] = useState('');
  return (
    <form
      className="account-form"
      onSubmit={(event) => {
        event.preventDefault();
        void account
          .getState()
          .confirmReset(password)
          .then((ok) => ok && setPassword(''));
      }}
    >
      <div className="field narrow">
        <label className="label" htmlFor="account-new-password">
          New password
        </label>
        <input id="account-new-password" type="password" autoComplete="new-password" minLength={8} required value={password} onChange={(event) => setPassword(event.target.value)} />
      </div>
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy}>
          Change password
        </button>
      </div>
    </form>
  );
}

/**
 * The account's data at the service: download it all as JSON, or delete the account. The
 * service cancels the subscription before it erases anything, so nobody is billed for an
 * account that is gone; the typed phrase keeps a stray click from doing it.
 */
function AccountData() {
  const { account } = useStores();
  const busy = useStore(account, (s) => s.busy);
  const [typed, setTyped] = useState('');
  return (
    <div className="data-action">
      <h3>Your account’s data</h3>
      <p className="hint">What the TalkingPhoto account service keeps about you: your email, plan, purchases, signed-in apps and sign-in attempts.</p>
      <div className="button-row">
        <button type="button" disabled={busy} onClick={() => void account.getState().downloadAccountData()}>
          Download my account data
        </button>
      </div>
      <form
        className="danger-zone account-delete"
        onSubmit={(event) => {
          event.preventDefault();
          void account
            .getState()
            .deleteAccount(typed)
            .then((done) => done && setTyped(''));
        }}
      >
        <p className="hint">
          Deleting the account cancels your subscription at once (no refund for the rest of the period) and then erases everything the service keeps. Videos on this computer stay.
        </p>
        <TypedConfirmation id="delete-account-confirm" phrase={DELETE_ACCOUNT_PHRASE} typed={typed} onTyped={setTyped} busy={busy} action="Delete my account" />
      </form>
    </div>
  );
}

export function AccountPanel() {
  const { account } = useStores();
  const state = useStore(account);
  useEffect(() => void account.getState().load(), [account]);
  const info = state.account;
  const usage = info && (info.projectsPerMonth === null ? `${info.projectsThisMonth} videos this month, no limit.` : `${info.projectsThisMonth} of ${info.projectsPerMonth} videos this month.`);

  return (
    <section className="panel settings-section" aria-labelledby="settings-account">
      <h2 id="settings-account">Account</h2>
      {info && (
        <p className="account-plan" aria-live="polite">
          <span className={`badge ${info.tier === 'free' ? 'tone-neutral' : 'tone-good'}`}>{TIER_NAMES[info.tier]} plan</span> {usage}
          {info.watermark && ' Videos carry a small TalkingPhoto mark.'}
          {info.email && ` Signed in as ${info.email}.`}
        </p>
      )}
      {state.error && (
        <p className="error" role="alert">
          {state.error.message}
        </p>
      )}
      {info?.problem && (
        <p className="error-text" role="status">
          {info.problem}
        </p>
      )}
      {state.awaitingCheckout && (
        <p className="hint" role="status">
          Finish the purchase in your browser; this page updates as soon as it is done.
        </p>
      )}
      {state.notice && (
        <p className="hint" role="status">
          {state.notice}
        </p>
      )}
      {info?.resetPending && <NewPasswordForm />}
      {info && !info.signedIn && !info.resetPending && <SignInForm />}
      {info?.signedIn && (
        <>
          {info.tier === 'free' ? (
            <div className="upgrade-grid">
              {PAID_TIERS.map((tier) => (
                <button key={tier} type="button" disabled={state.busy} aria-describedby={`upgrade-${tier}`} onClick={() => void account.getState().upgrade(tier)}>
                  Upgrade to {TIER_NAMES[tier]}
                  <span className="hint" id={`upgrade-${tier}`}>
                    {TIER_PITCH[tier]}
                  </span>
                </button>
              ))}
            </div>
          ) : (
            // One subscription an account: a change of plan is Stripe's portal's job, so nobody is billed twice.
            <p className="hint">To change or cancel your plan, use Manage subscription.</p>
          )}
          <div className="button-row">
            {info.tier !== 'free' && (
              <button type="button" disabled={state.busy} onClick={() => void account.getState().manage()}>
                Manage subscription
              </button>
            )}
            <button type="button" disabled={state.busy} onClick={() => void account.getState().refresh()}>
              Refresh plan
            </button>
            <button type="button" disabled={state.busy} onClick={() => void account.getState().signOut()}>
              Sign out
            </button>
          </div>
          <AccountData />
        </>
      )}
    </section>
  );
}
