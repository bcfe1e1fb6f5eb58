import { ProviderKeys } from '../../src-main/cloud/providers/provider-keys.js';
import { systemKeychain } from '../../src-main/app/secrets/secret-store.js';

/**
 * Run by keychain.test.ts inside its own D-Bus session with a fresh GNOME Keyring: stores,
 * reads back and removes a key through the real Secret Service, printing what it saw.
 */
const keys = new ProviderKeys(systemKeychain(), {});
const key = process.argv[2]!;
await keys.set('elevenlabs', key);
const read = await keys.get('elevenlabs');
const status = await keys.status('elevenlabs');
const removed = await keys.remove('elevenlabs');
const after = await keys.status('elevenlabs');
process.stdout.write(JSON.stringify({ sameKey: read?.key === key, source: read?.source, status, removed, after }) + '\n');
