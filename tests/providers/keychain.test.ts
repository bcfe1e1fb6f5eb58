import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProviderKeys } from '../../src-main/cloud/providers/provider-keys.js';
import { MemorySecretStore } from '../support/provider-doubles.js';
import { REPO_ROOT, tempDir } from '../support/fixtures.js';

const KEY = 'sk-test-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c';

describe('API keys', () => {
  it('go into a real Secret Service keychain and come back (GNOME Keyring in its own D-Bus session)', () => {
    const { dir, cleanup } = tempDir('tp-keyring-');
    try {
      // A fresh home holds a fresh login keyring, unlocked by the password on stdin.
      const script = `printf tp-ci | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "${process.execPath}" --import tsx "${path.join(REPO_ROOT, 'tests/providers/keychain-roundtrip.ts')}" "${KEY}"`;
      const run = spawnSync('dbus-run-session', ['--', 'sh', '-c', script], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH, HOME: dir, XDG_DATA_HOME: path.join(dir, 'data'), XDG_RUNTIME_DIR: dir },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.error, 'dbus-run-session and gnome-keyring-daemon must be installed (.ci/run installs them)').toBeUndefined();
      const line = run.stdout.trim().split('\n').at(-1) ?? '';
      expect(JSON.parse(line || '{}'), run.stderr).toEqual({
        sameKey: true,
        source: 'keychain',
        status: { provider: 'elevenlabs', set: true, source: 'keychain' },
        removed: true,
        after: { provider: 'elevenlabs', set: false, source: null },
      });
      // The key was in the keyring, never in what the run printed.
      expect(run.stdout + run.stderr).not.toContain(KEY);
    } finally {
      cleanup();
    }
  });

  it('an environment key wins over the keychain, and a paste that is not a key is refused with a sentence', async () => {
    const store = new MemorySecretStore();
    const keys = new ProviderKeys(store, { TALKINGPHOTO_ELEVENLABS_API_KEY: 'env-key-123456789' });
    await keys.set('elevenlabs', `  ${KEY}\n`);
    expect(await keys.get('elevenlabs')).toEqual({ key: 'env-key-123456789', source: 'environment' });
    expect(await new ProviderKeys(store, {}).get('elevenlabs')).toEqual({ key: KEY, source: 'keychain' });
    await expect(keys.set('heygen', 'my key')).rejects.toThrow(/does not look like an API key/);
    await expect(keys.set('local', KEY)).rejects.toThrow(/takes no API key/);
    expect([...(await new ProviderKeys(store, {}).present()).keys()]).toEqual(['elevenlabs']);
  });

  it('without a keychain, saving says what to do and reading finds no key', async () => {
    const keys = new ProviderKeys(null, {});
    expect(await keys.get('runway')).toBeNull();
    await expect(keys.set('runway', KEY)).rejects.toThrow(/keychain is not available.*TALKINGPHOTO_<PROVIDER>_API_KEY/);
  });
});
