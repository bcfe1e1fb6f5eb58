import { PROVIDER_CATALOG } from '../../src-shared/providers.js';
import { makeAdapter } from '../../src-main/cloud/providers/adapters/index.js';
import { ProviderError } from '../../src-main/cloud/providers/provider-error.js';
import { ProviderKeys } from '../../src-main/cloud/providers/provider-keys.js';
import { systemKeychain } from '../../src-main/app/secrets/secret-store.js';

/**
 * `npm run smoke:providers`: one real call (the cheapest each API offers: a key check)
 * to every provider whose key is configured, in the keychain or as
 * TALKINGPHOTO_<PROVIDER>_API_KEY. Not part of `npm test`: it needs the network and real
 * keys. Exit 1 when a configured provider failed; skipped ones do not fail it.
 */

const keys = new ProviderKeys(systemKeychain());
let failed = 0;
const skipped: string[] = [];
for (const provider of ProviderKeys.KEYED) {
  const name = PROVIDER_CATALOG[provider].displayName;
  const found = await keys.get(provider);
  if (!found) {
    skipped.push(`${name} (no key: set ${PROVIDER_CATALOG[provider].env?.apiKey} or add one in Settings)`);
    continue;
  }
  const adapter = makeAdapter(provider, found.key);
  const started = performance.now();
  try {
    await adapter!.verifyKey!({ signal: AbortSignal.timeout(30_000) });
    process.stdout.write(`ok      ${name}: key accepted (${Math.round(performance.now() - started)} ms, key from the ${found.source})\n`);
  } catch (error) {
    failed += 1;
    const why = error instanceof ProviderError ? `${error.message} [${error.kind}${error.status ? ` ${error.status}` : ''}]` : (error as Error).message;
    process.stdout.write(`FAILED  ${name}: ${why}\n`);
  }
}
for (const line of skipped) process.stdout.write(`skipped ${line}\n`);
process.stdout.write(`${ProviderKeys.KEYED.length - skipped.length} called, ${failed} failed, ${skipped.length} skipped for lack of a key.\n`);
process.exitCode = failed > 0 ? 1 : 0;
