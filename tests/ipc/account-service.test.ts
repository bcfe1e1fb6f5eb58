import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventChannel, RequestChannel } from '../../src-shared/ipc/contract.js';
import type { SenderContext } from '../../src-main/app/ipc/dispatcher.js';
import { silentLog } from '../../src-main/app/log/logger.js';
import { createMainServices, type MainServices } from '../../src-main/app/ipc/main-services.js';
import { HostShell } from '../../src-main/doors/host/host-shell.js';
import { setSetting } from '../../src-main/app/library/index.js';
import { AccountClient } from '../../src-main/app/licensing/account-client.js';
import { FakeServer, header } from '../fakes/fake-server.js';
import { tempLibrary, type TempLibrary } from '../library/library-fixtures.js';
import { fixture } from '../support/fixtures.js';
import type { TestAnswer } from '../support/ipc-answer.js';
import { entitlementFor, grantPlan } from '../support/plans.js';
import { MemorySecretStore } from '../support/provider-doubles.js';

/**
 * The plan as main enforces it: projects a month, the watermark and queue priority, an
 * entitlement checked offline (tampered or expired: free, with a sentence), and a checkout
 * coming back by deep link. The licensing service is a small fake speaking its routes.
 */

const SENDER: SenderContext = { transport: 'in-process', id: 'test', trusted: true };
const SESSION = 'session-token-0123456789abcdef0123456789';
const RESET = 'reset-token-abcdef0123456789abcdef012345';
const SIGN_UP = 'sign-up-token-abcdef0123456789abcdef0123';

let t: TempLibrary;
let services: MainServices;
let service: FakeServer;
let tier: 'free' | 'pro' = 'free';
const events: Array<{ event: EventChannel; payload: unknown }> = [];

beforeEach(async () => {
  tier = 'free';
  events.length = 0;
  service = await FakeServer.start((s) =>
    s
      .route('POST', '/sessions', () => ({
        json: { token: SESSION, expiresAt: new Date(Date.now() + 86_400_000).toISOString(), account: { id: 'u1', email: 'maya@example.com', tier, subscriptionStatus: 'none', periodEnd: null } },
      }))
      .route('GET', '/entitlement', (r) =>
        header(r, 'authorization') === `Bearer ${SESSION}` ? { json: { token: entitlementFor(tier) } } : { status: 401, json: { error: { code: 'unauthorized', message: 'Sign in again.' } } },
      )
      .route('POST', '/checkout', () => ({ json: { url: 'https://checkout.stripe.com/c/pay/cs_test_1' } }))
      .route('POST', '/accounts', () => ({ status: 202, body: '' }))
      .route('POST', '/accounts/confirm', (r) =>
        (r.json as { token?: string }).token === SIGN_UP
          ? {
              status: 201,
              json: { token: SESSION, expiresAt: new Date(Date.now() + 86_400_000).toISOString(), account: { id: 'u1', email: 'maya@example.com', tier, subscriptionStatus: 'none', periodEnd: null } },
            }
          : {
              status: 400,
              json: {
                error: { code: 'SIGN_UP_LINK_INVALID', message: 'This sign-up link is not valid: it was used already or has expired. Sign up again, or sign in if you already have an account.' },
              },
            },
      )
      .route('POST', '/password-reset', () => ({ status: 202, body: '' }))
      .route('POST', '/password-reset/confirm', (r) =>
        (r.json as { token?: string }).token === RESET
          ? { status: 204 }
          : { status: 400, json: { error: { code: 'RESET_TOKEN_INVALID', message: 'This reset link was already used or has expired: ask for a new one.' } } },
      ),
  );
  t = tempLibrary();
  services = createMainServices({
    shell: new HostShell(),
    appVersion: '0.0.0-test',
    log: silentLog,
    library: t.library,
    home: t.dataDir,
    accountClient: new AccountClient(service.url, new MemorySecretStore()),
  });
  services.events.subscribe((event, payload) => events.push({ event, payload }));
});
afterEach(async () => {
  await services.shutdown();
  t.cleanup();
  await service.close();
});

const call = <C extends RequestChannel>(channel: C, payload: unknown) => services.dispatcher.call(channel, payload as never, SENDER) as Promise<TestAnswer<C>>;
const create = () => call('projects:create', { type: 'product_demo', photoPath: fixture('portrait-obama.jpg'), script: 'Half price this week.' });

describe('the plan, enforced in main', () => {
  it('the free plan makes 3 videos a month; the 4th is refused with what to do, and nothing is made', async () => {
    for (let i = 0; i < 3; i++) expect((await create()).ok).toBe(true);
    const refused = await create();
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'PLAN_LIMIT', message: expect.stringMatching(/free plan's 3 videos for this month are made: upgrade in Settings, Account, or wait until \d{4}-\d{2}-01\. Your draft is kept\./) },
    });
    expect((await call('projects:list', {})).value.total).toBe(3);
    expect((await call('account:get', {})).value).toMatchObject({ tier: 'free', projectsThisMonth: 3, projectsPerMonth: 3, watermark: true });
  });

  it('queues free videos with the watermark at the lowest priority, a Pro plan without it and ahead', async () => {
    const free = (await create()).value.projectId;
    const freeJob = (await call('jobs:enqueue', { projectId: free })).value.jobId;
    grantPlan(t.library, 'pro');
    const pro = (await create()).value.projectId;
    const proJob = (await call('jobs:enqueue', { projectId: pro })).value.jobId;
    const jobs = services.queue.jobs();
    const of = (id: string) => jobs.find((j) => j.id === id)!;
    expect((of(freeJob).request as { watermark?: boolean }).watermark).toBe(true);
    expect((of(proJob).request as { watermark?: boolean }).watermark).toBe(false);
    expect(of(proJob).priority).toBeGreaterThan(of(freeJob).priority);
  });

  it('a tampered entitlement falls back to free with a sentence; an expired one says since when', async () => {
    const token = entitlementFor('pro');
    setSetting(t.library, 'licensing.entitlement', token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11));
    expect((await call('account:get', {})).value).toMatchObject({ tier: 'free', problem: expect.stringMatching(/not valid \(it was changed or damaged\): sign in again/) });
    setSetting(t.library, 'licensing.entitlement', entitlementFor('pro', { now: Date.now() - 40 * 86_400_000 }));
    expect((await call('account:get', {})).value).toMatchObject({ tier: 'free', problem: expect.stringMatching(/pro plan could not be confirmed since \d{4}-\d{2}-\d{2}/) });
  });
});

describe('signing in and buying', () => {
  it('asks to sign in before Upgrade; signed in, Upgrade gives the Checkout address for the page to open', async () => {
    expect(await call('account:upgrade', { tier: 'pro' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_REFUSED', message: 'Sign in first: Settings, Account.' } });
    const signedIn = await call('account:signIn', { email: 'Maya@Example.com', password: 'correct horse' });
    expect(signedIn.value).toMatchObject({ signedIn: true, tier: 'free', email: 'maya@example.com' });
    // The address is lower-cased before it leaves; the password only ever goes to the service.
    expect(service.sent('POST', '/sessions')[0]!.json).toEqual({ email: 'maya@example.com', password: 'correct horse' });
    expect(await call('account:upgrade', { tier: 'pro' })).toEqual({ ok: true, value: { url: 'https://checkout.stripe.com/c/pay/cs_test_1', opened: false } });
    expect(JSON.stringify(await call('account:get', {}))).not.toContain(SESSION);
  });

  it('a checkout coming back by deep link fetches the new plan at once and tells every window', async () => {
    await call('account:signIn', { email: 'maya@example.com', password: 'correct horse' });
    tier = 'pro';
    events.length = 0;
    expect(await services.handleDeepLink('talkingphoto://checkout/success?session_id=cs_test_1')).toBe(true);
    expect(events.at(-1)).toMatchObject({ event: 'account:changed', payload: { tier: 'pro', projectsPerMonth: null, watermark: false } });
    expect((await call('account:get', {})).value.tier).toBe('pro');
    expect(await services.handleDeepLink('https://evil.example/checkout/success')).toBe(false);
    expect(await services.handleDeepLink('talkingphoto://settings/delete-everything')).toBe(false);
  });

  it('with the service unreachable, the plan stays as it was and the refresh says why', async () => {
    await call('account:signIn', { email: 'maya@example.com', password: 'correct horse' });
    grantPlan(t.library, 'pro');
    await service.close();
    const refreshed = await call('account:refresh', {});
    expect(refreshed.value).toMatchObject({ tier: 'pro', problem: expect.stringMatching(/cannot be reached: check your connection/) });
    service = await FakeServer.start();
  });

  it('a reset link from the mail opens the new-password form; the link’s token stays in main and is spent once', async () => {
    expect((await call('account:requestReset', { email: 'maya@example.com' })).ok).toBe(true);
    expect(service.sent('POST', '/password-reset')[0]!.json).toEqual({ email: 'maya@example.com' });
    expect(await services.handleDeepLink(`talkingphoto://password-reset?token=${RESET}`)).toBe(true);
    const pending = await call('account:get', {});
    expect(pending.value.resetPending).toBe(true);
    expect(JSON.stringify(pending) + JSON.stringify(events)).not.toContain(RESET);
    expect((await call('account:confirmReset', { password: 'a brand new password' })).value).toMatchObject({ resetPending: false, signedIn: false });
    expect(service.sent('POST', '/password-reset/confirm')[0]!.json).toEqual({ token: RESET, password: 'a brand new password' });
    expect(await call('account:confirmReset', { password: 'a brand new password' })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/Open the reset link from the email again/) },
    });
  });

  it('signing up mails a link and signs nobody in; the link opening the app creates the account and signs in', async () => {
    expect(await call('account:signUp', { email: 'Maya@Example.com', password: 'correct horse battery' })).toEqual({ ok: true, value: {} });
    expect(service.sent('POST', '/accounts')[0]!.json).toEqual({ email: 'maya@example.com', password: 'correct horse battery' });
    expect((await call('account:get', {})).value).toMatchObject({ signedIn: false });

    events.length = 0;
    expect(await services.handleDeepLink(`talkingphoto://sign-up?token=${SIGN_UP}`)).toBe(true);
    expect(service.sent('POST', '/accounts/confirm')[0]!.json).toEqual({ token: SIGN_UP });
    expect(events.at(-1)).toMatchObject({ event: 'account:changed', payload: { signedIn: true, email: 'maya@example.com', tier: 'free' } });
    expect(JSON.stringify(events)).not.toContain(SIGN_UP);
  });

  it('a sign-up link the app did not ask for is not used, so a web page cannot sign the creator into its own account', async () => {
    events.length = 0;
    expect(await services.handleDeepLink(`talkingphoto://sign-up?token=${SIGN_UP}`)).toBe(true);
    expect(service.sent('POST', '/accounts/confirm')).toEqual([]);
    expect(events.at(-1)).toMatchObject({ event: 'account:changed', payload: { signedIn: false, problem: expect.stringMatching(/^This sign-up link was not asked for in this app/) } });

    // Asked for sam@…, but the link creates maya@…'s account: signed out again at once.
    await call('account:signUp', { email: 'sam@example.com', password: 'correct horse battery' });
    expect(await services.handleDeepLink(`talkingphoto://sign-up?token=${SIGN_UP}`)).toBe(true);
    expect(service.sent('POST', '/accounts/confirm')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({
      event: 'account:changed',
      payload: { signedIn: false, problem: 'This sign-up link is for another address than sam@example.com: open the link in the mail sent to sam@example.com.' },
    });
  });

  it('a used or expired sign-up link says so in the window and signs nobody in', async () => {
    await call('account:signUp', { email: 'maya@example.com', password: 'correct horse battery' });
    events.length = 0;
    expect(await services.handleDeepLink('talkingphoto://sign-up?token=spent-token-0123456789abcdef0123')).toBe(true);
    expect(events.at(-1)).toMatchObject({ event: 'account:changed', payload: { signedIn: false, problem: expect.stringMatching(/^This sign-up link is not valid/) } });
    expect(await services.handleDeepLink('talkingphoto://sign-up?token=short')).toBe(false);
  });
});
