import { describe, expect, it } from 'vitest';
import { PROVIDER_ERROR_KINDS, ProviderError, errorForResponse, kindForStatus, parseRetryAfter, redactSecrets } from './provider-error.js';

const KEY = 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY';

describe('provider errors', () => {
  it('say one sentence per kind, built from the provider name alone', () => {
    for (const kind of PROVIDER_ERROR_KINDS) {
      const error = new ProviderError({ kind, provider: 'gemini-image', detail: `key=${KEY}` });
      expect(error.message).toMatch(/^[A-Z].*\.$/);
      expect(error.message.split(/[.!?]\s/)).toHaveLength(1);
      expect(error.message).not.toContain(KEY);
    }
  });

  it('keep no key in their detail: the adapter own key, headers, JSON fields or bare tokens', () => {
    const details = [
      `request failed for ${KEY}`,
      `Authorization: Bearer ${KEY}`,
      `{"xi-api-key":"${KEY}"}`,
      `https://example.test/v1?key=${KEY}&alt=media`,
      `Basic ${Buffer.from(`user:${KEY}`).toString('base64')}`,
    ];
    for (const detail of details) {
      const error = new ProviderError({ kind: 'auth', provider: 'veo', detail, secrets: ['short-key-1'] });
      expect(error.detail).not.toContain(KEY);
      expect(error.detail).toContain('[redacted]');
    }
    expect(redactSecrets('the key short-key-1 was wrong', ['short-key-1'])).toBe('the key [redacted] was wrong');
    expect(redactSecrets('The API key is invalid.', [])).toBe('The API key is invalid.');
  });

  it('map HTTP statuses to the kinds the router acts on', () => {
    expect([400, 401, 402, 403, 404, 408, 422, 429, 451, 500, 503].map(kindForStatus)).toEqual([
      'bad_request',
      'auth',
      'quota',
      'auth',
      'bad_request',
      'timeout',
      'bad_request',
      'rate_limited',
      'rejected',
      'transient',
      'transient',
    ]);
  });

  it('read Retry-After as seconds or an HTTP date, ignoring nonsense', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    const error = errorForResponse('runway', { status: 429, headers: new Headers({ 'retry-after': '2' }) }, { now });
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 2000, provider: 'runway' });
  });
});
