import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords are kept as scrypt hashes with a per-user salt:
 * `scrypt$<N>$<r>$<p>$<salt base64url>$<hash base64url>`. Each hash names its own
 * parameters, so raising them later leaves old hashes verifiable.
 *
 * N = 2^15, r = 8, p = 3 is one of the equivalent settings in OWASP's Password Storage
 * Cheat Sheet (as strong as N = 2^17, p = 1) with a quarter of the memory: 32 MiB a hash,
 * about 250 ms on one core of a 2024 laptop, so concurrent sign-ins do not exhaust memory.
 */
const COST = { N: 2 ** 15, r: 8, p: 3 } as const;
const KEY_BYTES = 64;
const SALT_BYTES = 16;

/** scrypt needs 128·N·r bytes; Node refuses above `maxmem`, whose default (32 MiB) is just too small. */
const maxmem = (N: number, r: number): number => 128 * N * r + 16 * 1024 * 1024;

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: maxmem(cost.N, cost.r) };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !N || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(N), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A sign-in for an email with no account still spends one hash's time, so the answer's
 * timing does not tell which emails have accounts.
 */
let decoy: Promise<string> | undefined;
export async function spendPasswordCheck(password: string): Promise<void> {
  await verifyPassword(password, await prepareDecoy());
}

/** Made when the service starts, so not even the first unknown email's sign-in spends two hashes. */
export function prepareDecoy(): Promise<string> {
  decoy ??= hashPassword('not the password of any account');
  return decoy;
}
