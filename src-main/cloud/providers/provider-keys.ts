import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { PROVIDER_CATALOG, PROVIDER_IDS, type ProviderId } from '../../../src-shared/providers.js';

/**
 * The creator's API keys. They live in the operating system's keychain (macOS Keychain,
 * Windows Credential Manager, the Secret Service on Linux) through keytar, or Electron's
 * safeStorage where keytar cannot load (src-main/app/secrets): service
 * `TalkingPhoto`, one account per provider. Never in a file, a log or an IPC answer: the
 * window only ever learns whether a key is set. For headless use (the CLI, CI) a key may
 * come from `TALKINGPHOTO_<PROVIDER>_API_KEY`, which wins over the keychain so a script can
 * try another key without touching the creator's.
 */

export const KEYCHAIN_SERVICE = 'TalkingPhoto';

/**
 * Where keys are kept: the app hands in the system keychain (src-main/app/secrets), a test
 * its double. An interface rather than an import, so the providers never reach up into
 * the app; null: no keychain, environment keys only.
 */
export interface SecretStore {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export type KeySource = 'keychain' | 'environment';

export interface KeyStatus {
  provider: ProviderId;
  set: boolean;
  source: KeySource | null;
}

/** Real keys are long; anything shorter or with spaces is a paste gone wrong. */
const KEY_SHAPE = /^[\x21-\x7e]{8,512}$/;

function keychainMissing(cause?: unknown): TalkingPhotoError {
  // A store that already says why (safeStorage refusing an unprotected backend) is heard as is.
  if (cause instanceof TalkingPhotoError) return cause;
  return new TalkingPhotoError(
    'NOT_SUPPORTED',
    "This computer's keychain is not available, so the key cannot be kept safely: on Linux install and unlock a Secret Service keyring (GNOME Keyring or KWallet), or set the key in the TALKINGPHOTO_<PROVIDER>_API_KEY environment variable.",
    cause === undefined ? {} : { detail: (cause as Error).message, cause },
  );
}

export class ProviderKeys {
  constructor(
    private readonly store: SecretStore | null,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Providers that can hold a key (not the local engine, not Midjourney). */
  static readonly KEYED = PROVIDER_IDS.filter((id) => PROVIDER_CATALOG[id].needsKey && PROVIDER_CATALOG[id].callable);

  async get(provider: ProviderId): Promise<{ key: string; source: KeySource } | null> {
    const name = PROVIDER_CATALOG[provider].env?.apiKey;
    const fromEnv = name ? this.env[name]?.trim() : undefined;
    if (fromEnv) return { key: fromEnv, source: 'environment' };
    if (!this.store || !PROVIDER_CATALOG[provider].needsKey) return null;
    try {
      const key = await this.store.getPassword(KEYCHAIN_SERVICE, provider);
      return key ? { key, source: 'keychain' } : null;
    } catch {
      // A locked or absent keyring reads as "no key": the local engines carry on.
      return null;
    }
  }

  async status(provider: ProviderId): Promise<KeyStatus> {
    const found = await this.get(provider);
    return { provider, set: found !== null, source: found?.source ?? null };
  }

  /** Every keyed provider's key that is set, for the router's "key present" check. */
  async present(): Promise<Map<ProviderId, string>> {
    const keys = new Map<ProviderId, string>();
    for (const provider of ProviderKeys.KEYED) {
      const found = await this.get(provider);
      if (found) keys.set(provider, found.key);
    }
    return keys;
  }

  async set(provider: ProviderId, key: string): Promise<void> {
    if (!ProviderKeys.KEYED.includes(provider)) throw new TalkingPhotoError('BAD_OPTION', `${PROVIDER_CATALOG[provider].displayName} takes no API key.`);
    const trimmed = key.trim();
    if (!KEY_SHAPE.test(trimmed)) throw new TalkingPhotoError('BAD_OPTION', 'That does not look like an API key: copy the whole key from the provider’s dashboard and paste it again.');
    if (!this.store) throw keychainMissing();
    try {
      await this.store.setPassword(KEYCHAIN_SERVICE, provider, trimmed);
    } catch (error) {
      throw keychainMissing(error);
    }
  }

  /** True when a key was there to remove. */
  async remove(provider: ProviderId): Promise<boolean> {
    if (!this.store) return false;
    try {
      return await this.store.deletePassword(KEYCHAIN_SERVICE, provider);
    } catch (error) {
      throw keychainMissing(error);
    }
  }
}
