import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, type TestDatabase } from './support/databases.js';
import { FAKE_STRIPE_KEY } from './support/stripe-fake.js';
import { PRICES, START, startTestService, tokenIn, WEBHOOK_SECRET, type TestService } from './support/licensing-service.js';
import { checkoutCompleted, subscriptionEvent } from './support/stripe-events.js';

const EMAIL = 'maya.secretive@example.com';
const PASSWORD = 'first password 1234';
const WRONG = 'wrong password 5678';
const NEW_PASSWORD = 'second password 9012';
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('licensing service logs', () => {
  let service: TestService;
  beforeEach(async () => {
    service = await startTestService({ logLevel: 'trace' });
  });
  afterEach(async () => service.close());

  it('carry no password, token, key or email in any line, at the most verbose level', async () => {
    const secrets: string[] = [EMAIL, PASSWORD, WRONG, NEW_PASSWORD, FAKE_STRIPE_KEY, WEBHOOK_SECRET];
    const { token: firstSession, account } = await service.signUp(EMAIL, PASSWORD);
    secrets.push(firstSession, sha256(firstSession));
    const signUpLink = /: (\S+)$/.exec(service.mails[0]!)![1]!;
    const signUpToken = new URL(signUpLink).searchParams.get('token')!;
    secrets.push(signUpLink, signUpToken, sha256(signUpToken));
    for (let i = 0; i < 5; i++) await service.call('POST', '/sessions', { body: { email: EMAIL, password: WRONG } });
    await service.call('POST', '/password-reset', { body: { email: EMAIL } });
    await service.settled();
    const link = /: (\S+)$/.exec(service.mails[1]!)![1]!;
    const resetToken = new URL(link).searchParams.get('token')!;
    secrets.push(link, resetToken, sha256(resetToken));
    expect((await service.call('POST', '/password-reset/confirm', { body: { token: resetToken, password: NEW_PASSWORD } })).status).toBe(204);
    await service.call('POST', '/password-reset/confirm', { body: { token: resetToken, password: NEW_PASSWORD } });

    const signIn = await service.call('POST', '/sessions', { body: { email: EMAIL, password: NEW_PASSWORD } });
    const session = signIn.json.token as string;
    secrets.push(session, sha256(session));
    await service.call('POST', '/checkout', { token: session, body: { tier: 'pro' } });
    const created = Math.floor(START / 1000);
    await service.deliver(checkoutCompleted({ userId: account.id, customer: 'cus_1', subscription: 'sub_1', tier: 'pro', created }));
    await service.deliver(subscriptionEvent('updated', { userId: account.id, customer: 'cus_1', subscription: 'sub_1', status: 'active', price: PRICES.pro, periodEnd: created + 86_400, created }));
    await service.deliver(checkoutCompleted({ userId: account.id, customer: 'cus_1', subscription: 'sub_1', tier: 'pro', created }), { secret: 'whsec_wrong' });
    await service.call('POST', '/portal', { token: session });
    const entitlement = (await service.call('GET', '/entitlement', { token: session })).json.token as string;
    secrets.push(entitlement, entitlement.split('.')[1]!);
    secrets.push(...service.config.entitlementPrivateKey.split('\n').filter((line) => line.length > 20));
    await service.call('DELETE', '/sessions', { token: session });
    await service.call('GET', '/me', { token: session });

    const lines = service.logLines();
    expect(lines.length).toBeGreaterThan(40);
    for (const line of lines) {
      for (const secret of secrets) expect(line, 'a log line').not.toContain(secret);
    }
    // The mail transport's own output is the one place the links appear.
    expect(service.mails).toEqual([`sign-up mail for ${EMAIL}: ${signUpLink}`, `password reset mail for ${EMAIL}: ${link}`]);
    expect(lines.some((line) => line.includes('"msg":"mail printed on stdout"'))).toBe(true);
  });

  for (const { dialect, label, skip } of DIALECTS) {
    it.skipIf(skip)(`log an unexpected database failure without the values of the failed query ${label}`, async () => {
      await service.close();
      service = await startTestService({ dialect });
      // Another connection makes every insert into users fail inside the statement, where drizzle's
      // PostgreSQL driver quotes the statement's parameters in its error.
      await refuseInsertsIntoUsers(service.database);
      expect((await service.call('POST', '/accounts', { body: { email: EMAIL, password: PASSWORD } })).status).toBe(202);
      await service.settled();
      const reply = await service.call('POST', '/accounts/confirm', { body: { token: tokenIn(service.mails[0]) } });
      expect(reply.status).toBe(500);
      expect(reply.json.error).toEqual({ code: 'INTERNAL', message: 'Something went wrong on our side: try again in a minute.' });
      const failure = service.logLines().find((line) => line.includes('unexpected failure'));
      expect(failure).toContain('refused by the test');
      if (dialect === 'postgres') expect(failure).toContain('Failed query: insert into');
      expect(failure).not.toContain(EMAIL);
      expect(failure).not.toContain('scrypt$');
      expect(failure).not.toContain(PASSWORD);
    });
  }
});

async function refuseInsertsIntoUsers(database: TestDatabase): Promise<void> {
  if (database.sqliteFile) {
    const sqlite = new Database(database.sqliteFile);
    sqlite.exec("CREATE TRIGGER refuse_users BEFORE INSERT ON users BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
    sqlite.close();
    return;
  }
  const client = new pg.Client({ connectionString: database.databaseUrl });
  await client.connect();
  await client.query(`CREATE FUNCTION refuse_users() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql`);
  await client.query('CREATE TRIGGER refuse_users BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION refuse_users()');
  await client.end();
}
