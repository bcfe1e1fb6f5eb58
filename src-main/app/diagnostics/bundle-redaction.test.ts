import { describe, expect, it } from 'vitest';
import { environmentSecrets, makeRedactor } from './bundle-redaction.js';

const KEY = 'el_8f3b2a9c4d5e6f708192a3b4c5d6e7f8';
const STRIPE = 'sk_live_51Hx7QpLkT3stK3y';
const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJlbWFpbCI6Im1heWFAZXhhbXBsZS5jb20ifQ.c2lnbmF0dXJl';

describe('what the diagnostics bundle removes', () => {
  it('takes the secrets of an environment by their variable names, not flags or paths', () => {
    const env = { TALKINGPHOTO_ELEVENLABS_API_KEY: KEY, STRIPE_SECRET_KEY: STRIPE, TP_DEBUG: '1', PATH: '/usr/bin', DB_PASSWORD: 'hunter2hunter2' };
    expect(environmentSecrets(env).sort()).toEqual([KEY, 'hunter2hunter2', STRIPE].sort());
  });

  it('removes known secrets, key and token shapes, Stripe keys, JWTs, e-mails and the home folder; keeps ids and words', () => {
    const redact = makeRedactor({ secrets: ['short-but-known-secret'], home: '/home/maya' });
    const line = `{"msg":"render failed","jobId":"3f2b9a4e-8c1d-4e5f-9a6b-7c8d9e0f1a2b","key":"${KEY}","stripe":"${STRIPE}","entitlement":"${JWT}","by":"maya@example.com","photo":"/home/maya/Pictures/me.jpg","note":"short-but-known-secret","auth":"Bearer abc.def"}`;
    const out = redact.text(line);
    for (const gone of [KEY, STRIPE, JWT, 'maya@example.com', '/home/maya', 'short-but-known-secret', 'abc.def']) expect(out).not.toContain(gone);
    expect(out).toContain('3f2b9a4e-8c1d-4e5f-9a6b-7c8d9e0f1a2b');
    expect(out).toContain('render failed');
    expect(out).toContain('~/Pictures/me.jpg');
    expect(out).toContain('[email]');
  });

  it('empties secret-named fields of a JSON value and redacts every other string', () => {
    const redact = makeRedactor({ home: '/home/maya' });
    expect(redact.json({ apiKey: 'plain', password: 'correct horse', email: 'maya@example.com', nested: [{ note: `sent ${STRIPE}` }], count: 3, on: true })).toEqual({
      apiKey: '[redacted]',
      password: '[redacted]',
      email: '[email]',
      nested: [{ note: 'sent [redacted]' }],
      count: 3,
      on: true,
    });
  });
});
