import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signEntitlement, verifyEntitlement } from './entitlement-token.js';
import { tierRules, type EntitlementPayload } from './licensing.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const PRIVATE = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PUBLIC = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const NOW = Date.UTC(2026, 10, 25);

const payload: EntitlementPayload = {
  v: 1,
  sub: 'user-1',
  email: 'maya@example.com',
  ...tierRules('pro'),
  issuedAt: new Date(NOW).toISOString(),
  validUntil: new Date(NOW + 30 * 86_400_000).toISOString(),
};

describe('entitlement tokens', () => {
  it('verify offline with the public key and give back the payload', () => {
    expect(verifyEntitlement(signEntitlement(payload, PRIVATE), PUBLIC, NOW)).toEqual({ ok: true, payload });
  });

  it('fail when any single byte changes, in the payload or the signature', () => {
    const token = signEntitlement(payload, PRIVATE);
    // Every position, the last one included (its spare bits must not let a change through).
    for (let i = 0; i < token.length; i += 1) {
      if (token[i] === '.') continue;
      const changed = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      expect(verifyEntitlement(changed, PUBLIC, NOW).ok, `byte ${i}`).toBe(false);
    }
  });

  it('fail with another key, expire at validUntil, and refuse what is not a token', () => {
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const token = signEntitlement(payload, PRIVATE);
    expect(verifyEntitlement(token, other, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyEntitlement(token, PUBLIC, Date.parse(payload.validUntil))).toMatchObject({ ok: false, reason: 'expired', payload });
    expect(verifyEntitlement('nonsense', PUBLIC, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });
});
