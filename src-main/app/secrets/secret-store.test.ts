import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderKeys } from '../../cloud/providers/provider-keys.js';
import { runCli } from '../../../tests/support/cli.js';
import { REPO_ROOT } from '../../../tests/support/fixtures.js';
import { SafeStorageSecretStore, type SafeStorageApi } from './safe-storage-store.js';
import { NO_KEYCHAIN_NOTICE, onNoKeychainNotice, resetSecretStoreForTests, secretStoreKind, systemKeychain, useFallbackSecretStore, type SecretStore } from './secret-store.js';

/** Stands in for the OS-protected key behind Electron's safeStorage: AES-GCM with a random key. */
function fakeSafeStorage(backend = 'gnome_libsecret'): SafeStorageApi & { backend: string } {
  const key = randomBytes(32);
  return {
    backend,
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend() {
      return this.backend;
    },
    encryptString(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(data) {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

const KEY = 'sk_live_abcdefghijklmnop1234';
const tempDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'tp-secrets-'));

afterEach(() => resetSecretStoreForTests());

describe('secrets without keytar', () => {
  it('the CLI and host have no store, read keys from the environment, and say so once', () => {
    const said: string[] = [];
    resetSecretStoreForTests(() => {
      throw new Error("Cannot find module 'keytar'");
    });
    onNoKeychainNotice((message) => said.push(message));
    expect(systemKeychain()).toBeNull();
    expect(systemKeychain()).toBeNull();
    expect(secretStoreKind()).toBe('none');
    expect(said).toEqual([NO_KEYCHAIN_NOTICE]);
  });

  it('the desktop app falls back to safeStorage, silently', () => {
    const said: string[] = [];
    resetSecretStoreForTests(() => {
      throw new Error('no keytar');
    });
    onNoKeychainNotice((message) => said.push(message));
    const store = new SafeStorageSecretStore(path.join(tempDir(), 'secrets.json'), fakeSafeStorage(), 'linux');
    useFallbackSecretStore(store);
    expect(systemKeychain()).toBe(store);
    expect(secretStoreKind()).toBe('safe-storage');
    expect(said).toEqual([]);
  });

  it('keytar wins when it loads', () => {
    const keytar: SecretStore = { getPassword: async () => null, setPassword: async () => {}, deletePassword: async () => false };
    resetSecretStoreForTests(() => keytar);
    useFallbackSecretStore(new SafeStorageSecretStore(path.join(tempDir(), 'secrets.json'), fakeSafeStorage()));
    expect(systemKeychain()).toBe(keytar);
    expect(secretStoreKind()).toBe('keychain');
  });
});

describe('SafeStorageSecretStore', () => {
  it('keeps a key encrypted in a file only the creator can read, and gives it back', async () => {
    const file = path.join(tempDir(), 'secrets.json');
    const keys = new ProviderKeys(new SafeStorageSecretStore(file, fakeSafeStorage(), 'linux'), {});
    await keys.set('elevenlabs', KEY);
    expect(await keys.get('elevenlabs')).toEqual({ key: KEY, source: 'keychain' });
    const stored = readFileSync(file, 'utf8');
    expect(stored).not.toContain(KEY);
    expect(stored).not.toContain(Buffer.from(KEY).toString('base64'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(file))).toEqual(['secrets.json']);
    expect(await keys.remove('elevenlabs')).toBe(true);
    expect(await keys.get('elevenlabs')).toBeNull();
    expect(await keys.remove('elevenlabs')).toBe(false);
  });

  it("refuses Linux's plain-text backend with a sentence, and stores nothing", async () => {
    const dir = tempDir();
    const keys = new ProviderKeys(new SafeStorageSecretStore(path.join(dir, 'secrets.json'), fakeSafeStorage('basic_text'), 'linux'), {});
    await expect(keys.set('runway', KEY)).rejects.toMatchObject({
      code: 'NOT_SUPPORTED',
      message: expect.stringMatching(/no keyring to lock your keys with.*GNOME Keyring or KWallet.*TALKINGPHOTO_<PROVIDER>_API_KEY/),
    });
    expect(readdirSync(dir)).toEqual([]);
    // Reading reports "no key" so the local engine carries on.
    expect(await keys.get('runway')).toBeNull();
  });

  it('refuses when the OS offers no encryption at all', async () => {
    const safe = { ...fakeSafeStorage(), isEncryptionAvailable: () => false };
    const keys = new ProviderKeys(new SafeStorageSecretStore(path.join(tempDir(), 'secrets.json'), safe, 'darwin'), {});
    await expect(keys.set('heygen', KEY)).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
  });
});

describe('tp without keytar', () => {
  it('lists providers, takes a key from the environment, and says once that there is no keychain', async () => {
    const result = await runCli(['providers'], {
      env: { NODE_OPTIONS: `--require ${path.join(REPO_ROOT, 'tests/support/no-keytar.cjs')}`, TALKINGPHOTO_ELEVENLABS_API_KEY: KEY },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/elevenlabs\s+ElevenLabs\s+key set \(environment\)/);
    expect(result.stderr.split(NO_KEYCHAIN_NOTICE).length - 1).toBe(1);
    expect(result.stdout + result.stderr).not.toContain(KEY);
  });
});
