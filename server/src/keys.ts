import { generateKeyPairSync } from 'node:crypto';

/**
 * `npm run server:keys`: a fresh Ed25519 key pair for entitlements. The private key goes in
 * the service's TALKINGPHOTO_ENTITLEMENT_PRIVATE_KEY (keep it secret, like the Stripe key);
 * the public key ships in the app, which verifies tokens offline.
 */
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

process.stdout.write(
  [
    '# TALKINGPHOTO_ENTITLEMENT_PRIVATE_KEY (the service only; never commit it, never ship it):',
    privatePem.trim(),
    '',
    '# The same private key on one line, for an env file:',
    `TALKINGPHOTO_ENTITLEMENT_PRIVATE_KEY="${privatePem.trim().replace(/\n/g, '\\n')}"`,
    '',
    '# The public key the app bundles to verify entitlements:',
    publicPem.trim(),
    '',
  ].join('\n'),
);
