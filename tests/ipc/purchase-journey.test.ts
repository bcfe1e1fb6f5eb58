import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import Stripe from 'stripe';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutCompleted, subscriptionEvent } from '../server/support/stripe-events.js';
import { FAKE_STRIPE_KEY, startStripeFake, type StripeFake } from '../server/support/stripe-fake.js';
import { startServer } from '../server/support/server-process.js';
import { startRendererInBrowser } from '../support/browser.js';
import { REPO_ROOT, tempDir } from '../support/fixtures.js';
import type { HostProcess } from '../support/host.js';
import { TEST_ENTITLEMENT_PRIVATE_KEY } from '../support/test-entitlement-keys.js';

/**
 * The whole purchase, end to end: the real window in Chromium through the host, the real
 * licensing service (`npm run server`) on its embedded database, the official Stripe
 * library talking to a local fake of Stripe's API. Sign up, open the mailed link (by the
 * deep link), Upgrade, Checkout "completes" (a webhook signed the way Stripe signs them),
 * the browser comes back by the deep link, and the window shows Pro.
 */

const WEBHOOK_SECRET = 'whsec_purchaseJourney';
const PRICES = { STRIPE_PRICE_STARTER: 'price_journey_starter', STRIPE_PRICE_PRO: 'price_journey_pro', STRIPE_PRICE_ENTERPRISE: 'price_journey_enterprise' };
const work = tempDir('tp-purchase-');
let stripe: StripeFake;
let server: ReturnType<typeof startServer>;
let serverUrl = '';
let host: HostProcess | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  stripe = await startStripeFake();
  server = startServer({
    PORT: '0',
    TALKINGPHOTO_SERVER_DATA_DIR: path.join(work.dir, 'service'),
    STRIPE_SECRET_KEY: FAKE_STRIPE_KEY,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE: stripe.url,
    // Mails are printed on the service's stdout: the sign-up link is read from there.
    TALKINGPHOTO_SERVER_MAIL: 'log',
    // The same key pair the app under test trusts (tests/support/isolated-data-folder.ts).
    TALKINGPHOTO_ENTITLEMENT_PRIVATE_KEY: TEST_ENTITLEMENT_PRIVATE_KEY,
    ...PRICES,
  });
  serverUrl = await server.firstLine;
  ({ host, browser } = await startRendererInBrowser({ TALKINGPHOTO_LICENSE_URL: serverUrl }));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await server?.stop();
  await stripe?.close();
  work.cleanup();
});

async function sendWebhook(event: Record<string, unknown>): Promise<void> {
  const payload = JSON.stringify(event);
  const signature = new Stripe(FAKE_STRIPE_KEY).webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
  const answer = await fetch(`${serverUrl}/stripe/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload });
  expect(answer.status, await answer.text()).toBe(200);
}

/** The link of the mail the service printed on stdout (TALKINGPHOTO_SERVER_MAIL=log) that starts with `prefix`. */
async function mailedLink(prefix: string): Promise<string> {
  for (let waited = 0; waited < 15_000; waited += 100) {
    const line = server
      .stdout()
      .split('\n')
      .find((text) => text.startsWith(prefix));
    if (line) return line.slice(prefix.length).trim();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the service printed no mail starting ${prefix}`);
}

describe('buying a plan in the app', () => {
  it('sign up, Upgrade, checkout completes, the webhook arrives, and the app shows Pro', async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 720 } });
    // Checkout itself is Stripe's page; here it is a stand-in the popup can load offline.
    await context.route('https://checkout.stripe.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>Checkout</title><p>Fake Stripe Checkout</p>' }));
    const page: Page = await context.newPage();
    await page.goto(`${host!.firstLine.trim()}#/settings`);
    const account = page.getByRole('region', { name: 'Account' });
    // The window's first load can take a few seconds on a busy machine.
    await expect.poll(() => account.getByText('Free plan').count(), { timeout: 15_000 }).toBe(1);

    await account.getByRole('button', { name: 'Create an account' }).click();
    await account.getByLabel('Email').fill('maya@example.com');
    await account.getByLabel('Password').fill('correct horse battery');
    await account.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => account.getByText(/Check your email: we sent a link to maya@example\.com/).count(), { timeout: 15_000 }).toBe(1);
    expect(await account.getByText(/Signed in as/).count()).toBe(0);
    // The mail's link opens the app, which creates the account and signs in.
    const link = await mailedLink('sign-up mail for maya@example.com: ');
    expect(link).toMatch(/^talkingphoto:\/\/sign-up\?token=/);
    const opened = await fetch(`${host!.firstLine.trim().split('/?')[0]}/deep-link?url=${encodeURIComponent(link)}`);
    expect(opened.status).toBe(200);
    await expect.poll(() => account.getByText(/Signed in as maya@example\.com/).count(), { timeout: 15_000 }).toBe(1);

    const popup = context.waitForEvent('page');
    await account.getByRole('button', { name: /Upgrade to Pro/ }).click();
    const checkout = await popup;
    expect(checkout.url()).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_/);
    await expect.poll(() => account.getByText(/Finish the purchase in your browser/).count()).toBe(1);

    // What the service asked Stripe for: a subscription at Pro's price, for this account.
    const form = stripe.checkoutForms().at(-1)!;
    expect(form.get('mode')).toBe('subscription');
    expect(form.get('line_items[0][price]')).toBe(PRICES.STRIPE_PRICE_PRO);
    const userId = form.get('client_reference_id')!;
    expect(userId).toBeTruthy();

    // Stripe tells the service; then Stripe sends the browser back through the deep link.
    const now = Math.floor(Date.now() / 1000);
    await sendWebhook(checkoutCompleted({ userId, customer: 'cus_journey', subscription: 'sub_journey', tier: 'pro', created: now }));
    await sendWebhook(
      subscriptionEvent('updated', { userId, customer: 'cus_journey', subscription: 'sub_journey', status: 'active', price: PRICES.STRIPE_PRICE_PRO, periodEnd: now + 30 * 86_400, created: now + 1 }),
    );
    const back = await fetch(`${host!.firstLine.trim().split('/?')[0]}/deep-link?url=${encodeURIComponent('talkingphoto://checkout/success?session_id=cs_journey')}`);
    expect(back.status).toBe(200);

    await expect.poll(() => account.getByText('Pro plan').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => account.getByText(/Finish the purchase in your browser/).count()).toBe(0);
    expect(await account.getByText(/no limit/).count()).toBe(1);
    expect(await account.getByRole('button', { name: 'Manage subscription' }).count()).toBe(1);
    // The cloud budget follows the plan just bought.
    await expect.poll(() => page.getByText(/Your Pro plan allows up to \$2\.00 of cloud work a video/).count()).toBe(1);
    mkdirSync(path.join(REPO_ROOT, 'test-results'), { recursive: true });
    await account.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-results', 'account-pro.png') });
    await context.close();
  }, 120_000);

  it('takes the data out: Export all my data holds the purchase, Download my account data saves the service’s record, Delete my account cancels at Stripe first', async () => {
    // Stripe knows the subscription the first test bought, so it can be cancelled.
    stripe.addSubscription('sub_journey', 'cus_journey');
    const context = await browser!.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
    const page: Page = await context.newPage();
    await page.goto(`${host!.firstLine.trim()}#/settings`);
    const account = page.getByRole('region', { name: 'Account' });
    await expect.poll(() => account.getByText('Pro plan').count(), { timeout: 15_000 }).toBe(1);

    const data = page.getByRole('region', { name: 'Your data' });
    const zip = path.join(work.dir, 'my-talkingphoto-data.zip');
    await data.getByLabel('Save the zip as').fill(zip);
    await data.getByRole('button', { name: 'Export all my data' }).click();
    await expect.poll(() => data.getByTestId('export-file').textContent(), { timeout: 30_000 }).toBe(zip);
    expect(await data.getByText(/plan and purchases from your TalkingPhoto account are included/).count()).toBe(1);
    const entries = await zipJson(zip);
    expect(entries.get('licence.json')).toMatchObject({ plan: { tier: 'pro', email: 'maya@example.com' }, entitlement: { says: { tier: 'pro' } } });
    expect(entries.get('purchases.json')).toMatchObject({ subscription: { stripeSubscriptionId: 'sub_journey', status: 'active' }, purchases: [{ amount: 49_900, status: 'paid' }] });

    const download = page.waitForEvent('download');
    await account.getByRole('button', { name: 'Download my account data' }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toMatch(/^talkingphoto-account-\d{4}-\d{2}-\d{2}\.json$/);
    const record = JSON.parse(readFileSync((await saved.path())!, 'utf8'));
    expect(record).toMatchObject({ format: 'talkingphoto-account-export', profile: { email: 'maya@example.com' }, subscription: { stripeSubscriptionId: 'sub_journey' } });

    const remove = account.getByRole('button', { name: 'Delete my account' });
    expect(await remove.isDisabled()).toBe(true);
    await account.getByLabel(/to confirm/).fill('delete my account');
    await remove.click();
    await expect.poll(() => account.getByText('Free plan', { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    expect(await account.getByText(/Your account is deleted and its subscription cancelled/).count()).toBe(1);
    expect(stripe.subscription('sub_journey')?.status).toBe('canceled');
    // The service has forgotten the address: signing in again is refused.
    const again = await fetch(`${serverUrl}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'maya@example.com', password: 'correct horse battery' }),
    });
    expect(again.status).toBe(401);

    // Delete everything on this computer waits for its words too.
    const wipe = data.getByRole('button', { name: 'Delete everything' });
    expect(await wipe.isDisabled()).toBe(true);
    await data.getByLabel(/to confirm/).fill('delete everything');
    await wipe.click();
    await expect.poll(() => data.getByText('Everything is deleted: the library is empty.').count(), { timeout: 15_000 }).toBe(1);
    await context.close();
  }, 120_000);
});

/** The JSON files of a zip, read back with yauzl. */
async function zipJson(file: string): Promise<Map<string, unknown>> {
  const archive = await yauzl.openPromise(file, { lazyEntries: true });
  const entries = new Map<string, unknown>();
  try {
    for await (const entry of archive.eachEntry()) {
      if (!entry.fileName.endsWith('.json')) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await archive.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      entries.set(entry.fileName, JSON.parse(Buffer.concat(chunks).toString('utf8')));
    }
  } finally {
    archive.close();
  }
  return entries;
}
