import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { EntitlementPayloadSchema, type EntitlementPayload } from './licensing.js';

/**
 * The entitlement token's encoding, shared by the service that signs it (server/) and the
 * app that checks it with no network (src-main/app/licensing). Node only: the window never
 * sees a token, only what main concludes from it. Ed25519 through Node's crypto, no
 * library: `base64url(payload JSON) "." base64url(signature of that first part)`.
 */

export function signEntitlement(payload: EntitlementPayload, privateKeyPem: string): string {
  const body = Buffer.from(JSON.stringify(EntitlementPayloadSchema.parse(payload))).toString('base64url');
  const signature = sign(null, Buffer.from(body), createPrivateKey(privateKeyPem));
  return `${body}.${signature.toString('base64url')}`;
}

export type EntitlementCheck = { ok: true; payload: EntitlementPayload } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired'; payload?: EntitlementPayload };

/** A token's payload when the signature holds and it is still valid at `now`. */
export function verifyEntitlement(token: string, publicKeyPem: string, now: number = Date.now()): EntitlementCheck {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: 'malformed' };
  const [body, signature] = parts as [string, string];
  // Only the canonical spelling: base64url's last character carries spare bits, and a token
  // with any character changed must not pass as the same token.
  const signatureBytes = Buffer.from(signature, 'base64url');
  if (signatureBytes.toString('base64url') !== signature) return { ok: false, reason: 'malformed' };
  let good: boolean;
  try {
    good = verify(null, Buffer.from(body), createPublicKey(publicKeyPem), signatureBytes);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!good) return { ok: false, reason: 'bad_signature' };
  let payload: EntitlementPayload;
  try {
    payload = EntitlementPayloadSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!(Date.parse(payload.validUntil) > now)) return { ok: false, reason: 'expired', payload };
  return { ok: true, payload };
}
