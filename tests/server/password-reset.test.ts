import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIGN_IN_THROTTLE } from '../../src-shared/licensing.js';
import { HOUR, startTestService, tokenIn, type TestService } from './support/licensing-service.js';

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a new and better one';

describe('licensing service password reset', () => {
  let service: TestService;
  beforeEach(async () => {
    service = await startTestService();
  });
  afterEach(async () => service.close());
  const resetToken = async (): Promise<string> => {
    await service.settled();
    return tokenIn(service.mails.filter((line) => line.startsWith('password reset mail')).at(-1));
  };

  it('answers 202 for any email and mails a link only to an account', async () => {
    await service.signUp('maya@example.com', PASSWORD);
    const unknown = await service.call('POST', '/password-reset', { body: { email: 'nobody@example.com' } });
    const known = await service.call('POST', '/password-reset', { body: { email: 'Maya@example.com' } });
    expect([unknown.status, known.status]).toEqual([202, 202]);
    expect(unknown.body).toBe(known.body);
    await service.settled();
    const resetMails = service.mails.filter((line) => line.startsWith('password reset mail'));
    expect(resetMails).toHaveLength(1);
    expect(resetMails[0]).toMatch(/^password reset mail for maya@example\.com: talkingphoto:\/\/password-reset\?token=[\w-]{43}$/);
  });

  it('sets the new password once, signs out every session, and refuses the link a second time', async () => {
    const { token: session } = await service.signUp('maya@example.com', PASSWORD);
    await service.call('POST', '/password-reset', { body: { email: 'maya@example.com' } });
    const token = await resetToken();

    expect((await service.call('POST', '/password-reset/confirm', { body: { token, password: NEW_PASSWORD } })).status).toBe(204);
    expect((await service.call('GET', '/me', { token: session })).status).toBe(401);
    expect((await service.call('POST', '/sessions', { body: { email: 'maya@example.com', password: PASSWORD } })).status).toBe(401);
    expect((await service.call('POST', '/sessions', { body: { email: 'maya@example.com', password: NEW_PASSWORD } })).status).toBe(200);

    const again = await service.call('POST', '/password-reset/confirm', { body: { token, password: 'yet another password' } });
    expect(again.status).toBe(400);
    expect(again.json.error).toEqual({
      code: 'RESET_TOKEN_INVALID',
      message: 'This password reset link is not valid: it was used already or has expired. Ask for a new one.',
    });
    expect((await service.call('POST', '/sessions', { body: { email: 'maya@example.com', password: NEW_PASSWORD } })).status).toBe(200);
  });

  it('refuses a link an hour after it was asked for', async () => {
    await service.signUp('maya@example.com', PASSWORD);
    await service.call('POST', '/password-reset', { body: { email: 'maya@example.com' } });
    service.clock.advance(HOUR);
    const late = await service.call('POST', '/password-reset/confirm', { body: { token: await resetToken(), password: NEW_PASSWORD } });
    expect(late.status).toBe(400);
    expect(late.json.error.code).toBe('RESET_TOKEN_INVALID');
  });

  it('ends the sign-in backoff once the password is reset', async () => {
    await service.signUp('maya@example.com', PASSWORD);
    for (let i = 0; i < SIGN_IN_THROTTLE.perAddress.freeFailures; i++) await service.call('POST', '/sessions', { body: { email: 'maya@example.com', password: 'wrong password' } });
    expect((await service.call('POST', '/sessions', { body: { email: 'maya@example.com', password: PASSWORD } })).status).toBe(429);
    await service.call('POST', '/password-reset', { body: { email: 'maya@example.com' } });
    await service.call('POST', '/password-reset/confirm', { body: { token: await resetToken(), password: NEW_PASSWORD } });
    expect((await service.call('POST', '/sessions', { body: { email: 'maya@example.com', password: NEW_PASSWORD } })).status).toBe(200);
  });
});
