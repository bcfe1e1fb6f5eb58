import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountSchema, LOCKOUT_MINUTES, MAX_FAILED_SIGN_INS, SessionSchema, SESSION_HOURS, ServiceErrorSchema } from '../../src-shared/licensing.js';
import { HOUR, MINUTE, START, startTestService, type TestService } from './support/licensing-service.js';

const PASSWORD = 'correct horse battery';

describe('licensing service accounts', () => {
  let service: TestService;
  beforeEach(async () => {
    service = await startTestService();
  });
  afterEach(async () => service.close());

  it('signs up with 201 and a 24-hour session, and refuses the same email again with 409', async () => {
    const reply = await service.call('POST', '/accounts', { body: { email: 'Maya@Example.com', password: PASSWORD } });
    expect(reply.status).toBe(201);
    const session = SessionSchema.parse(reply.json);
    expect(session.account).toEqual({ id: expect.any(String), email: 'maya@example.com', tier: 'free', subscriptionStatus: 'none', periodEnd: null });
    expect(Date.parse(session.expiresAt)).toBe(START + SESSION_HOURS * HOUR);

    const again = await service.call('POST', '/accounts', { body: { email: 'maya@example.com', password: 'another password' } });
    expect(again.status).toBe(409);
    expect(ServiceErrorSchema.parse(again.json).error).toEqual({ code: 'EMAIL_TAKEN', message: 'An account with this email already exists: sign in instead, or reset its password.' });
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

  it(`locks the account for ${LOCKOUT_MINUTES} minutes after ${MAX_FAILED_SIGN_INS} failed sign-ins, then lets the right password in`, async () => {
    await service.signUp('maya@example.com', PASSWORD);
    const attempt = (password: string) => service.call('POST', '/sessions', { body: { email: 'maya@example.com', password } });
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) {
      expect((await attempt(`wrong password ${i}`)).status).toBe(401);
      service.clock.advance(MINUTE);
    }
    const fifth = await attempt('wrong password 5');
    expect(fifth.status).toBe(423);
    const lockedAt = service.clock.now();
    expect(fifth.json.error).toEqual({
      code: 'ACCOUNT_LOCKED',
      message: 'After 5 failed sign-ins this account is locked until 2026-05-04 09:34 UTC (in 30 minutes): try again then, or reset the password.',
    });
    expect(fifth.headers['retry-after']).toBe(String(LOCKOUT_MINUTES * 60));

    service.clock.set(lockedAt + LOCKOUT_MINUTES * MINUTE - 1000);
    const stillLocked = await attempt(PASSWORD);
    expect(stillLocked.status).toBe(423);
    expect(stillLocked.json.error.message).toContain('(in 1 minute)');

    service.clock.set(lockedAt + LOCKOUT_MINUTES * MINUTE);
    expect((await attempt(PASSWORD)).status).toBe(200);

    const outcomes = (await service.store.loginAttempts('maya@example.com')).map((a) => a.outcome);
    expect(outcomes).toEqual(['wrong_password', 'wrong_password', 'wrong_password', 'wrong_password', 'wrong_password', 'locked', 'ok']);
  });

  it('gives a fresh five tries after a lock ends', async () => {
    await service.signUp('maya@example.com', PASSWORD);
    const attempt = (password: string) => service.call('POST', '/sessions', { body: { email: 'maya@example.com', password } });
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await attempt('wrong password');
    service.clock.advance(LOCKOUT_MINUTES * MINUTE);
    expect((await attempt('wrong password')).status).toBe(401);
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
