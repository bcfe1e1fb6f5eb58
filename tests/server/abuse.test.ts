import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SIGN_IN_THROTTLE } from '../../src-shared/licensing.js';
import { REQUEST_LIMITS } from '../../server/src/http/request-limits.js';
import { LOOSE_REQUEST_LIMITS, startTestService, type TestService } from './support/licensing-service.js';
import { listenOnLoopback, median, probe, type ProbeAnswer } from './support/probe.js';
import { startServer } from './support/server-process.js';

/**
 * The licensing service probed the way issue 13 probed it: a real socket on 127.0.0.1,
 * clients on separate loopback addresses, bounded loops of requests.
 */

const PASSWORD = 'correct horse battery';
const OWNER = 'maya@example.com';

describe('licensing service under abuse', () => {
  let service: TestService;
  afterEach(async () => service?.close());

  const start = async (options: Parameters<typeof startTestService>[0] = {}): Promise<string> => {
    service = await startTestService(options);
    await service.signUp(OWNER, PASSWORD);
    return listenOnLoopback(service.app);
  };
  const signIn = (base: string, from: string, password: string, email = OWNER): Promise<ProbeAnswer> => probe(base, 'POST', '/sessions', { body: { email, password }, from });

  it("lets the owner sign in from another address while a guesser's wrong passwords from one address are slowed down", async () => {
    const base = await start();
    const guesses: number[] = [];
    for (let i = 0; i < SIGN_IN_THROTTLE.perAddress.freeFailures + 3; i++) guesses.push((await signIn(base, '127.0.0.2', `guess number ${i}`)).status);
    expect(guesses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const owner = await signIn(base, '127.0.0.3', PASSWORD);
    expect(owner.status).toBe(200);
    expect(owner.json.account.email).toBe(OWNER);
  });

  it('keeps the owner waiting a minute at most however many addresses guess, and never locks the account', async () => {
    const base = await start({ requestLimits: LOOSE_REQUEST_LIMITS });
    // 3 guesses from each of 8 addresses: 24 failures, under every address's free tries.
    for (let address = 10; address < 18; address++) {
      for (let i = 0; i < 3; i++) await signIn(base, `127.0.1.${address}`, `guess ${address}-${i}`);
    }
    const waiting = await signIn(base, '127.0.0.3', PASSWORD);
    expect(waiting.status).toBe(429);
    const retryAfter = Number(waiting.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(SIGN_IN_THROTTLE.perEmail.maxDelaySeconds);
    service.clock.advance(retryAfter * 1000);
    expect((await signIn(base, '127.0.0.3', PASSWORD)).status).toBe(200);
  });

  it('answers most of 16 parallel sign-ins from one address at once with 429, so a real sign-in elsewhere is not held up', async () => {
    const base = await start();
    const alone: number[] = [];
    for (let i = 0; i < 3; i++) alone.push((await signIn(base, `127.0.2.${i + 1}`, PASSWORD)).ms);
    const flood = Array.from({ length: 16 }, (_, i) => signIn(base, '127.0.0.2', `parallel guess ${i}`, `victim-${i}@example.com`));
    const real = signIn(base, '127.0.0.3', PASSWORD);
    const [answers, mine] = await Promise.all([Promise.all(flood), real]);
    const statuses = answers.map((answer) => answer.status);
    // Two password checks at a time per address; the rest cost nothing.
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(14);
    expect(mine.status).toBe(200);
    const baseline = median(alone);
    console.info(`sign-in alone: median ${baseline.toFixed(0)} ms; beside 16 parallel guesses: ${mine.ms.toFixed(0)} ms`);
    // Two extra hashes beside it at most (a shared 2-core machine: generous).
    expect(mine.ms).toBeLessThan(3 * baseline + 500);
  });

  it('limits reset mails per email and per address, alike for an email with an account and one without', async () => {
    const base = await start();
    const perEmail = REQUEST_LIMITS.passwordReset.perEmail.max;
    const ask = (email: string, from: string) => probe(base, 'POST', '/password-reset', { body: { email }, from });
    const known: ProbeAnswer[] = [];
    const unknown: ProbeAnswer[] = [];
    for (let i = 0; i < perEmail + 2; i++) {
      known.push(await ask(OWNER, `127.0.3.${i + 1}`));
      unknown.push(await ask('nobody@example.com', `127.0.4.${i + 1}`));
    }
    const shape = (answers: ProbeAnswer[]) => answers.map((answer) => [answer.status, answer.body]);
    expect(shape(known).map(([status]) => status)).toEqual([...Array(perEmail).fill(202), 429, 429]);
    expect(shape(unknown)).toEqual(shape(known));
    await service.settled();
    expect(service.mails.filter((line) => line.startsWith(`password reset mail for ${OWNER}`))).toHaveLength(perEmail);

    const perAddress = REQUEST_LIMITS.passwordReset.perAddress.max;
    const fromOne: number[] = [];
    for (let i = 0; i < perAddress + 1; i++) fromOne.push((await ask(`someone-${i}@example.com`, '127.0.5.1')).status);
    expect(fromOne).toEqual([...Array(perAddress).fill(202), 429]);
  });

  it('sends no-store, HSTS and nosniff with sessions, accounts, entitlements, refusals and 429s', async () => {
    const base = await start();
    const session = await signIn(base, '127.0.0.3', PASSWORD);
    const answers = [
      session,
      await probe(base, 'GET', '/me', { token: session.json.token }),
      await probe(base, 'GET', '/entitlement', { token: session.json.token }),
      await probe(base, 'GET', '/me'),
      await probe(base, 'GET', '/nothing-here'),
    ];
    for (let i = 0; i <= SIGN_IN_THROTTLE.perAddress.freeFailures; i++) answers.push(await signIn(base, '127.0.0.2', 'wrong password'));
    expect(answers.map((answer) => answer.status).join(' ')).toBe('200 200 200 401 404 401 401 401 401 401 429');
    for (const answer of answers) {
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(answer.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  for (const trustProxy of [0, 1]) {
    it(`counts clients behind a proxy ${trustProxy ? 'by X-Forwarded-For when TALKINGPHOTO_SERVER_TRUST_PROXY=1' : 'as the proxy itself when no proxy is trusted'}`, async () => {
      service = await startTestService({ trustProxy });
      const ask = (client: string, i: number) => service.call('POST', '/password-reset', { body: { email: `someone-${i}@example.com` }, from: '127.0.0.1', headers: { 'x-forwarded-for': client } });
      const perAddress = REQUEST_LIMITS.passwordReset.perAddress.max;
      for (let i = 0; i < perAddress; i++) expect((await ask('203.0.113.1', i)).status).toBe(202);
      expect((await ask('203.0.113.1', perAddress)).status).toBe(429);
      // Another client behind the same proxy: its own count only when the proxy is trusted.
      expect((await ask('203.0.113.2', perAddress + 1)).status).toBe(trustProxy ? 202 : 429);
    });
  }

  describe('in its own process', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tp-licensing-timing-'));
    let running: ReturnType<typeof startServer> | undefined;
    afterEach(async () => {
      await running?.stop();
      running = undefined;
      rmSync(dataDir, { recursive: true, force: true });
    });

    // Its own process, as deployed: the probe's clock is not stopped by the service's work after an answer.
    it('answers sign-up, sign-in and reset for an email with an account and one without with the same status, body and time', async () => {
      running = startServer({
        PORT: '0',
        TALKINGPHOTO_SERVER_DATA_DIR: dataDir,
        TALKINGPHOTO_SERVER_MAIL: 'log',
        STRIPE_SECRET_KEY: 'sk_test_timingProbe',
        STRIPE_WEBHOOK_SECRET: 'whsec_timingProbe',
        STRIPE_PRICE_STARTER: 'price_s',
        STRIPE_PRICE_PRO: 'price_p',
        STRIPE_PRICE_ENTERPRISE: 'price_e',
        TALKINGPHOTO_ENTITLEMENT_PRIVATE_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      });
      const base = await running.firstLine;
      const tries = 4;
      // One account per try: sign-up and reset mails are limited to 3 an hour per email.
      const owners = Array.from({ length: tries }, (_, i) => `owner-${i}@example.com`);
      for (const [i, owner] of owners.entries()) {
        expect((await probe(base, 'POST', '/accounts', { body: { email: owner, password: PASSWORD }, from: `127.0.9.${i + 1}` })).status).toBe(202);
        const link = await mailedLink(() => running!.stdout(), `sign-up mail for ${owner}: `);
        expect((await probe(base, 'POST', '/accounts/confirm', { body: { token: new URL(link).searchParams.get('token') }, from: `127.0.9.${i + 1}` })).status).toBe(201);
      }

      const compare = async (name: string, ask: (email: string, attempt: number) => Promise<ProbeAnswer>) => {
        const known: ProbeAnswer[] = [];
        const unknown: ProbeAnswer[] = [];
        for (let i = 0; i < tries; i++) {
          // Interleaved, so a busy moment on the machine falls on both; the service settling lets the work after each answer end.
          known.push(await ask(owners[i]!, i));
          await running!.settled();
          unknown.push(await ask(`nobody-${i}@example.com`, i));
          await running!.settled();
        }
        expect(new Set([...known, ...unknown].map((answer) => `${answer.status} ${answer.body}`)).size, name).toBe(1);
        const [a, b] = [median(known.map((answer) => answer.ms)), median(unknown.map((answer) => answer.ms))];
        console.info(`${name}: median ${a.toFixed(1)} ms with an account, ${b.toFixed(1)} ms without`);
        expect(Math.abs(a - b), name).toBeLessThanOrEqual(0.3 * Math.max(a, b) + 25);
      };
      await compare('sign-up', (email, i) => probe(base, 'POST', '/accounts', { body: { email, password: 'another password' }, from: `127.0.6.${i + 1}` }));
      await compare('sign-in', (email, i) => probe(base, 'POST', '/sessions', { body: { email, password: 'a wrong password' }, from: `127.0.7.${i + 1}` }));
      await compare('password reset', (email, i) => probe(base, 'POST', '/password-reset', { body: { email }, from: `127.0.8.${i + 1}` }));
    }, 120_000);
  });
});

/** The link of the mail the service printed on stdout (TALKINGPHOTO_SERVER_MAIL=log) that starts with `prefix`. */
async function mailedLink(stdout: () => string, prefix: string): Promise<string> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const line = stdout()
      .split('\n')
      .find((text) => text.startsWith(prefix));
    if (line) return line.slice(prefix.length).trim();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no mail starting ${prefix}`);
}
