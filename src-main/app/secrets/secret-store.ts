import { createRequire } from 'node:module';

/**
 * Where the creator's secrets (provider API keys, the licensing session token) are kept.
 * First choice is the operating system's keychain through keytar (macOS Keychain, Windows
 * Credential Manager, the Secret Service on Linux). keytar is a native, optional
 * dependency that is archived upstream and builds only where libsecret's headers exist, so
 * a machine may lack it: the desktop app then registers Electron's safeStorage
 * (safe-storage-store.ts) as the fallback; the CLI and the host have none, read keys from
 * TALKINGPHOTO_<PROVIDER>_API_KEY, keep a sign-in in memory, and say so once.
 */

/** keytar's calls, which every store speaks. */
export type { SecretStore } from '../../cloud/providers/provider-keys.js';
import type { SecretStore } from '../../cloud/providers/provider-keys.js';

export type SecretStoreKind = 'keychain' | 'safe-storage' | 'none';

export const NO_KEYCHAIN_NOTICE =
  'No OS keychain here (the optional keytar module could not load): cloud API keys are read from TALKINGPHOTO_<PROVIDER>_API_KEY variables, and a sign-in lasts until this program ends.';

type Loader = () => unknown;

const defaultLoader: Loader = () => createRequire(import.meta.url)('keytar');

let loader: Loader = defaultLoader;
let keytar: SecretStore | null | undefined;
let fallback: SecretStore | null = null;
let notice: (message: string) => void = (message) => process.stderr.write(`${message}\n`);
let noticed = false;

function loadKeytar(): SecretStore | null {
  if (keytar === undefined) {
    try {
      const required = loader() as SecretStore & { default?: SecretStore };
      const store = required.default ?? required;
      keytar = typeof store.getPassword === 'function' ? store : null;
    } catch {
      keytar = null;
    }
  }
  return keytar;
}

/** The store this process keeps secrets in, or null (environment keys and memory only). */
export function systemKeychain(): SecretStore | null {
  const store = loadKeytar() ?? fallback;
  if (!store && !noticed) {
    noticed = true;
    notice(NO_KEYCHAIN_NOTICE);
  }
  return store;
}

export function secretStoreKind(): SecretStoreKind {
  if (loadKeytar()) return 'keychain';
  return fallback ? 'safe-storage' : 'none';
}

/** The desktop app's fallback when keytar cannot load (Electron's safeStorage). */
export function useFallbackSecretStore(store: SecretStore | null): void {
  fallback = store;
}

/** Where the one-time "no keychain" sentence goes (stderr by default; the host logs it). */
export function onNoKeychainNotice(sink: (message: string) => void): void {
  notice = sink;
}

/** Tests: load keytar with another loader (or the real one again) and forget what was said. */
export function resetSecretStoreForTests(load: Loader = defaultLoader): void {
  loader = load;
  keytar = undefined;
  fallback = null;
  noticed = false;
}
