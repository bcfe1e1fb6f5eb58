import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountSchema, SessionSchema, SESSION_HOURS, SIGN_IN_THROTTLE, SIGN_UP_LINK_HOURS, ServiceErrorSchema } from '../../src-shared/licensing.js';
import { HOUR, LOOSE_REQUEST_LIMITS, START, startTestService, tokenIn, type TestService } from './support/licensing-service.js';

const PASSWORD = 'correct horse battery';

describe('licensing service accounts', () => {
  let service: TestService;
  beforeEach(async () => {
    service = await startTestService();
  });
  afterEach(async () => service.close());

  it('answers a sign-up with 202 and mails a link that creates the account and a 24-hour session', async () => {
    const reply = await service.call('POST', '/accounts', { body: { email: 'Maya@Example.com', password: PASSWORD } });
    expect(reply.status).toBe(202);
    expect(reply.body).toBe('');
    await service.settled();
    expect(service.mails).toHaveLength(1);
    expect(service.mails[0]).toMatch(/^sign-up mail for maya@example\.com: talkingphoto:\/\/sign-up\?token=[\w-]{43}$/);
    // No account until the link is used.
    expect(await service.store.userByEmail('maya@example.com')).toBeUndefined();

    const confirmed = await service.call('POST', '/accounts/confirm', { body: { token: tokenIn(service.mails[0]) } });
    expect(confirmed.status).toBe(201);
    const session = SessionSchema.parse(confirmed.json);
    expect(session.account).toEqual({ id: expect.any(String), email: 'maya@example.com', tier: 'free', subscriptionStatus: 'none', periodEnd: null });
    expect(Date.parse(session.expiresAt)).toBe(START + SESSION_HOURS * HOUR);
    expect((await service.call('POST', '/sessions', { body: { email: 'maya@example.com', password: PASSWORD } })).status).toBe(200);

    const again = await service.call('POST', '/accounts/confirm', { body: { token: tokenIn(service.mails[0]) } });
    expect(again.status).toBe(400);
    expect(ServiceErrorSchema.parse(again.json).error).toEqual({
      code: 'SIGN_UP_LINK_INVALID',
      message: 'This sign-up link is not valid: it was used already or has expired. Sign up again, or sign in if you already have an account.',
    });
  });

  it('answers a sign-up for an email that has an account exactly like a new one, and mails the owner instead of creating anything', async () => {
    await service.signUp('maya@example.com', PASSWORD);
    const mailsBefore = service.mails.length;
    const taken = await service.call('POST', '/accounts', { body: { email: 'maya@example.com', password: 'another password' }, from: '10.9.0.1' });
    const fresh = await service.call('POST', '/accounts', { body: { email: 'sam@example.com', password: 'another password' }, from: '10.9.0.2' });
    expect([taken.status, fresh.status]).toEqual([202, 202]);
    expect(taken.body).toBe(fresh.body);
    await service.settled();
    expect(service.mails.slice(mailsBefore)).toEqual([`account exists mail for maya@example.com: talkingphoto://account`, expect.stringMatching(/^sign-up mail for sam@example\.com: /)]);
    // The owner's password is untouched.
    expect((await service.call('POST', '/sessions', { body: { email: 'maya@example.com', password: PASSWORD } })).status).toBe(200);
    expect((await service.call('POST', '/sessions', { body: { email: 'maya@example.com', password: 'another password' } })).status).toBe(401);
  });

  it(`refuses a sign-up link ${SIGN_UP_LINK_HOURS} hours after it was asked for`, async () => {
    await service.call('POST', '/accounts', { body: { email: 'maya@example.com', password: PASSWORD } });
    await service.settled();
    service.clock.advance(SIGN_UP_LINK_HOURS * HOUR);
    const late = await service.call('POST', '/accounts/confirm', { body: { token: tokenIn(service.mails[0]) } });
    expect(late.status).toBe(400);
    expect(late.json.error.code).toBe('SIGN_UP_LINK_INVALID');
    expect(await service.store.userByEmail('maya@example.com')).toBeUndefined();
  });

  it('refuses a short password and a malformed body with 400 sentences that do not echo the password', async () => {
    const short = await service.call('POST', '/accounts', { body: { email: 'maya@example.com', password: 'seven77' } });
    expect(short.status).toBe(400);
    expect(short.json.error.code).toBe('INVALID_REQUEST');
    expect(short.json.error.message).toContain('password: a password has at least 8 characters');
    expect(short.body).not.toContain('seven77');

    const broken = await service.call('POST', '/accounts', { body: '{"email":"maya@example.com","password":"hunter22hunter' });
    expect(broken.status).toBe(400);
    expect(broken.json.error).toEqual({ code: 'INVALID_REQUEST', message: 'The request body is not valid JSON.' });
    expect(broken.body).not.toContain('hunter22');
  });

  it('signs in, answers /me with the account, and signs out with 204', async () => {
    const { account } = await service.signUp('maya@example.com', PASSWORD);
    const signIn = await service.call('POST', '/sessions', { body: { email: 'maya@example.com', password: PASSWORD } });
    expect(signIn.status).toBe(200);
    const { token } = SessionSchema.parse(signIn.json);

    const me = await service.call('GET', '/me', { token });
    expect(me.status).toBe(200);
    expect(AccountSchema.parse(me.json)).toEqual(account);

    expect((await service.call('DELETE', '/sessions', { token })).status).toBe(204);
    const after = await service.call('GET', '/me', { token });
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe('UNAUTHENTICATED');
    expect((await service.call('GET', '/me')).status).toBe(401);
  });

  it('answers a wrong password and an unknown email alike with 401', async () => {
    await service.signUp('maya@example.com', PASSWORD);
    const wrong = await service.call('POST', '/sessions', { body: { email: 'maya@example.com', password: 'not the password' } });
    const unknown = await service.call('POST', '/sessions', { body: { email: 'nobody@example.com', password: 'not the password' } });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.json).toEqual(unknown.json);
    expect(wrong.json.error).toEqual({ code: 'WRONG_CREDENTIALS', message: 'The email or the password is wrong.' });
  });

  it('slows failed sign-ins down with a growing wait and 429 instead of locking, and lets the right password in once the wait is over', async () => {
    await service.close();
    // The per-address rate limit (10 a minute, real time) would answer first in this quick loop.
    service = await startTestService({ requestLimits: LOOSE_REQUEST_LIMITS });
    await service.signUp('maya@example.com', PASSWORD);
    const attempt = (password: string) => service.call('POST', '/sessions', { body: { email: 'maya@example.com', password }, from: '10.1.0.1' });
    const free = SIGN_IN_THROTTLE.perAddress.freeFailures;
    for (let i = 1; i <= free; i++) expect((await attempt(`wrong password ${i}`)).status).toBe(401);
    const waits: string[] = [];
    for (let round = 0; round < 4; round++) {
      const refused = await attempt(PASSWORD);
      expect(refused.status).toBe(429);
      expect(refused.json.error.code).toBe('TOO_MANY_REQUESTS');
      waits.push(String(refused.headers['retry-after']));
      service.clock.advance(Number(refused.headers['retry-after']) * 1000);
      expect((await attempt(`wrong password again ${round}`)).status).toBe(401);
    }
    // 1 s, 2 s, 4 s, 8 s: it doubles and never locks.
    expect(waits).toEqual(['1', '2', '4', '8']);
    const last = await attempt(PASSWORD);
    expect(last.json.error.message).toBe('Too many failed sign-ins for this email: wait 16 seconds and try again, or reset the password.');
    service.clock.advance(16_000);
    expect((await attempt(PASSWORD)).status).toBe(200);
    // A success starts the count again.
    expect((await attempt('wrong password')).status).toBe(401);
    expect((await attempt(PASSWORD)).status).toBe(200);

    const outcomes = (await service.store.loginAttempts('maya@example.com')).map((a) => a.outcome);
    // Throttled tries are not checked, so not kept: only the 9 failures and the 2 successes.
    expect(outcomes.filter((o) => o === 'wrong_password')).toHaveLength(free + 4 + 1);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(2);
    expect(outcomes).not.toContain('locked');
  });

  it('throttles an email with no account exactly like one with an account', async () => {
    await service.signUp('maya@example.com', PASSWORD);
    const replies = async (email: string) => {
      const from = email.startsWith('maya') ? '10.2.0.1' : '10.2.0.2';
      const all = [];
      for (let i = 0; i <= SIGN_IN_THROTTLE.perAddress.freeFailures; i++) all.push(await service.call('POST', '/sessions', { body: { email, password: 'wrong password' }, from }));
      return all.map((reply) => [reply.status, reply.headers['retry-after'] ?? null, reply.body]);
    };
    const known = await replies('maya@example.com');
    const unknown = await replies('nobody@example.com');
    expect(known.at(-1)?.[0]).toBe(429);
    expect(unknown).toEqual(known);
  });

  it(`expires a session ${SESSION_HOURS} hours after sign-in`, async () => {
    const { token } = await service.signUp('maya@example.com', PASSWORD);
    service.clock.advance(SESSION_HOURS * HOUR - 1);
    expect((await service.call('GET', '/me', { token })).status).toBe(200);
    service.clock.advance(1);
    const expired = await service.call('GET', '/me', { token });
    expect(expired.status).toBe(401);
    expect(expired.json.error).toEqual({ code: 'SESSION_EXPIRED', message: 'Your session has expired: sign in again.' });
    expect((await service.call('GET', '/entitlement', { token })).status).toBe(401);
  });

  it('keeps session tokens only as hashes', async () => {
    const { token } = await service.signUp('maya@example.com', PASSWORD);
    const { createHash } = await import('node:crypto');
    expect(await service.store.sessionByTokenHash(token)).toBeUndefined();
    expect(await service.store.sessionByTokenHash(createHash('sha256').update(token).digest('hex'))).toBeDefined();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('answers 404 with a sentence for a route that does not exist', async () => {
    const reply = await service.call('GET', '/nothing-here?x=1');
    expect(reply.status).toBe(404);
    expect(reply.json.error).toEqual({ code: 'NOT_FOUND', message: 'There is no GET /nothing-here here.' });
  });
});
