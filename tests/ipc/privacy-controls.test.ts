import path from 'node:path';
import type { AddressInfo } from 'node:net';
import yauzl from 'yauzl';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventChannel, EventPayload, RequestChannel } from '../../src-shared/ipc/contract.js';
import type { SenderContext } from '../../src-main/app/ipc/dispatcher.js';
import { silentLog } from '../../src-main/app/log/logger.js';
import { createMainServices, type MainServices } from '../../src-main/app/ipc/main-services.js';
import { HostShell } from '../../src-main/doors/host/host-shell.js';
import { AccountClient } from '../../src-main/app/licensing/account-client.js';
import { tempLibrary, type TempLibrary } from '../library/library-fixtures.js';
import { checkoutCompleted, invoiceEvent, subscriptionEvent } from '../server/support/stripe-events.js';
import { PRICES, START, startTestService, type TestService } from '../server/support/licensing-service.js';
import { fixture } from '../support/fixtures.js';
import type { TestAnswer } from '../support/ipc-answer.js';
import { MemorySecretStore } from '../support/provider-doubles.js';
import { TEST_ENTITLEMENT_PRIVATE_KEY } from '../support/test-entitlement-keys.js';

/**
 * Settings' privacy controls through main's dispatcher, against the real licensing service
 * (its routes, its SQLite store, the official Stripe library on the Stripe fake): the
 * data export's zip holds the plan and the purchases, the account's own export and its
 * deletion, which cancels the subscription at Stripe before anything is erased.
 */

const SENDER: SenderContext = { transport: 'in-process', id: 'test', trusted: true };
const EMAIL = 'maya@example.com';
const PASSWORD = 'correct horse battery';

let t: TempLibrary;
let services: MainServices;
let licensing: TestService;
const events: Array<{ event: EventChannel; payload: unknown }> = [];

beforeEach(async () => {
  events.length = 0;
  licensing = await startTestService({ entitlementPrivateKey: TEST_ENTITLEMENT_PRIVATE_KEY });
  await licensing.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(licensing.app.server.address() as AddressInfo).port}`;
  t = tempLibrary();
  services = createMainServices({
    shell: new HostShell(),
    appVersion: '0.0.0-test',
    log: silentLog,
    library: t.library,
    home: t.dataDir,
    accountClient: new AccountClient(url, new MemorySecretStore()),
  });
  services.events.subscribe((event, payload) => events.push({ event, payload }));
});
afterEach(async () => {
  await services.shutdown();
  t.cleanup();
  await licensing.close();
});

const call = <C extends RequestChannel>(channel: C, payload: unknown) => services.dispatcher.call(channel, payload as never, SENDER) as Promise<TestAnswer<C>>;

/** Maya signs up, buys Pro (Stripe's webhooks reach the service), and the app signs in and fetches the plan. */
async function proSubscriber(): Promise<string> {
  const { account } = await licensing.signUp(EMAIL, PASSWORD);
  const created = Math.floor(START / 1000);
  licensing.stripeFake.addSubscription('sub_maya', 'cus_maya');
  await licensing.deliver(checkoutCompleted({ userId: account.id, customer: 'cus_maya', subscription: 'sub_maya', tier: 'pro', created, invoice: 'in_maya_1' }));
  await licensing.deliver(
    subscriptionEvent('created', {
      userId: account.id,
      customer: 'cus_maya',
      subscription: 'sub_maya',
      status: 'active',
      price: PRICES.pro,
      periodEnd: Math.floor(Date.now() / 1000) + 30 * 86_400,
      created,
      tier: 'pro',
    }),
  );
  await licensing.deliver(invoiceEvent('paid', { userId: account.id, customer: 'cus_maya', subscription: 'sub_maya', invoice: 'in_maya_1', amount: 49_900, created }));
  // The service's clock is the test's; the app's is real time: the plan must hold now.
  licensing.clock.set(Date.now());
  expect((await call('account:signIn', { email: EMAIL, password: PASSWORD })).value).toMatchObject({ signedIn: true, tier: 'pro' });
  return account.id;
}

async function readZipJson(file: string): Promise<Map<string, unknown>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const entries = new Map<string, unknown>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (!entry.fileName.endsWith('.json')) {
        entries.set(entry.fileName, null);
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      entries.set(entry.fileName, JSON.parse(Buffer.concat(chunks).toString('utf8')));
    }
  } finally {
    zip.close();
  }
  return entries;
}

describe('privacy controls in main', () => {
  it('Export all my data reports its progress and writes a zip that holds the entitlement, the purchases and what is counted', async () => {
    await proSubscriber();
    expect((await call('projects:create', { type: 'product_demo', photoPath: fixture('portrait-obama.jpg'), script: 'Half price this week.' })).ok).toBe(true);
    const destination = path.join(t.scratch, 'my-data.zip');
    const answer = await call('library:export', { destination });
    expect(answer.value).toMatchObject({ written: true, projects: 1, file: destination, account: 'included' });

    const progress = events.filter((e) => e.event === 'library:exportProgress').map((e) => e.payload as EventPayload<'library:exportProgress'>);
    expect(progress.at(0)).toMatchObject({ percent: 0 });
    expect(progress.at(-1)).toMatchObject({ percent: 100, bytesWritten: answer.value.bytes });
    const percents = progress.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));

    const zip = await readZipJson(destination);
    const licence = zip.get('licence.json') as { plan: unknown; entitlement: { says: unknown; token: string } };
    expect(licence.plan).toMatchObject({ tier: 'pro', email: EMAIL, watermark: false });
    expect(licence.entitlement.says).toMatchObject({ tier: 'pro', email: EMAIL });
    expect(licence.entitlement.token).toMatch(/^[\w-]+\.[\w-]+$/);
    const purchases = zip.get('purchases.json') as { subscription: unknown; purchases: unknown[] };
    expect(purchases.subscription).toMatchObject({ tier: 'pro', status: 'active', stripeSubscriptionId: 'sub_maya' });
    expect(purchases.purchases).toEqual([expect.objectContaining({ stripeInvoiceId: 'in_maya_1', amount: 49_900, status: 'paid' })]);
    expect((zip.get('account.json') as { profile: { email: string } }).profile.email).toBe(EMAIL);
    const usage = zip.get('usage.json') as { telemetry: string; counters: unknown[] };
    expect(usage.telemetry).toMatch(/^None: TalkingPhoto sends nothing/);
    expect(usage.counters).toEqual([expect.objectContaining({ kind: 'project_created', events: 1 })]);

    // Show in folder is the desktop's; the browser version says where the zip is instead.
    expect((await call('library:showExport', {})).error).toMatchObject({ code: 'NOT_SUPPORTED' });
  });

  it('Delete my account cancels the subscription at Stripe, erases the account at the service and signs out here', async () => {
    const userId = await proSubscriber();
    const record = await call('account:export', {});
    expect(record.value.purchases).toHaveLength(1);
    expect(record.value.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);

    expect((await call('account:delete', { confirm: 'yes' })).error).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await licensing.store.userById(userId)).toBeDefined();

    const deleted = await call('account:delete', { confirm: 'delete my account' });
    expect(deleted.value).toMatchObject({ signedIn: false, tier: 'free', email: null });
    expect(licensing.stripeFake.subscription('sub_maya')?.status).toBe('canceled');
    expect(await licensing.store.userById(userId)).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ event: 'account:changed', payload: { signedIn: false } });

    // The next export says the purchases are not there and why.
    const destination = path.join(t.scratch, 'after.zip');
    expect((await call('library:export', { destination })).value).toMatchObject({ written: true, account: 'signed-out' });
    const zip = await readZipJson(destination);
    expect(zip.get('purchases.json')).toMatchObject({ signedIn: false, purchases: [] });
    expect(zip.get('licence.json')).toMatchObject({ plan: { tier: 'free' }, entitlement: null });
    expect(zip.has('account.json')).toBe(false);
  });

  it('when Stripe cannot cancel, the account stays, the app stays signed in, and the service’s sentence is shown', async () => {
    const userId = await proSubscriber();
    licensing.stripeFake.server.failNext(5, { status: 500, json: { error: { type: 'api_error', message: 'An unknown error occurred' } } }, (r) => r.method === 'DELETE');
    const refused = await call('account:delete', { confirm: 'delete my account' });
    expect(refused.error).toEqual({ code: 'ACCOUNT_REFUSED', message: 'Your subscription could not be cancelled at Stripe just now, so nothing was deleted: try again in a few minutes.' });
    expect(await licensing.store.userById(userId)).toBeDefined();
    expect((await call('account:get', {})).value).toMatchObject({ signedIn: true, tier: 'pro' });
  });
});
