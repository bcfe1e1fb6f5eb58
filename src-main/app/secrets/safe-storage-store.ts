import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import type { SecretStore } from './secret-store.js';

/**
 * The desktop app's secrets where keytar cannot load: each value encrypted with Electron's
 * safeStorage (a key the OS protects: Keychain on macOS, DPAPI on Windows, the Secret
 * Service or KWallet on Linux) and kept in one file beside the library, readable by the
 * creator alone. On Linux with no keyring, safeStorage silently falls back to a hard-coded
 * key ("basic_text"), which protects nothing: that backend is refused with a sentence.
 *
 * The Electron door passes `safeStorage` in; this module never imports electron.
 */

/** The part of Electron's `safeStorage` used here. */
export interface SafeStorageApi {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only; 'basic_text' means no keyring protects the key. */
  getSelectedStorageBackend?(): string;
}

interface SecretsFile {
  version: 1;
  /** `service/account` → base64 of safeStorage's ciphertext. */
  entries: Record<string, string>;
}

/** Backends on Linux that do not actually protect the key. */
const UNPROTECTED_BACKENDS = new Set(['basic_text', 'unknown']);

function unprotected(detail: string): TalkingPhotoError {
  return new TalkingPhotoError(
    'NOT_SUPPORTED',
    'This computer has no keyring to lock your keys with, so TalkingPhoto will not store them: on Linux install and unlock GNOME Keyring or KWallet, or set the key in the TALKINGPHOTO_<PROVIDER>_API_KEY environment variable.',
    { detail },
  );
}

export class SafeStorageSecretStore implements SecretStore {
  constructor(
    private readonly file: string,
    private readonly safe: SafeStorageApi,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  private checkProtected(): void {
    if (!this.safe.isEncryptionAvailable()) throw unprotected('safeStorage encryption is not available');
    const backend = this.platform === 'linux' ? this.safe.getSelectedStorageBackend?.() : undefined;
    if (backend && UNPROTECTED_BACKENDS.has(backend)) throw unprotected(`safeStorage backend is ${backend}`);
  }

  private read(): SecretsFile {
    if (!existsSync(this.file)) return { version: 1, entries: {} };
    const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<SecretsFile>;
    return { version: 1, entries: parsed.entries && typeof parsed.entries === 'object' ? { ...parsed.entries } : {} };
  }

  /** Written to a temporary name and renamed, so a crash never leaves half a file. */
  private write(contents: SecretsFile): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(contents)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
  }

  async getPassword(service: string, account: string): Promise<string | null> {
    this.checkProtected();
    const stored = this.read().entries[`${service}/${account}`];
    return stored === undefined ? null : this.safe.decryptString(Buffer.from(stored, 'base64'));
  }

  async setPassword(service: string, account: string, password: string): Promise<void> {
    this.checkProtected();
    const contents = this.read();
    contents.entries[`${service}/${account}`] = this.safe.encryptString(password).toString('base64');
    this.write(contents);
  }

  async deletePassword(service: string, account: string): Promise<boolean> {
    const contents = this.read();
    const key = `${service}/${account}`;
    if (!(key in contents.entries)) return false;
    delete contents.entries[key];
    this.write(contents);
    return true;
  }
}
