import { createHash, randomBytes } from 'node:crypto';

/**
 * Session and password-reset tokens: 32 random bytes handed out once, kept only as their
 * SHA-256, so a copy of the database holds nothing that signs anyone in. A slow hash is not
 * needed here: 256 random bits cannot be guessed.
 */
export function newSecretToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSecretToken(token) };
}

export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
