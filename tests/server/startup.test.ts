import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from './support/server-process.js';

describe('npm run server', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tp-licensing-start-'));
  const env = {
    PORT: '0',
    TALKINGPHOTO_SERVER_DATA_DIR: dataDir,
    STRIPE_SECRET_KEY: 'sk_test_startupTest',
    STRIPE_WEBHOOK_SECRET: 'whsec_startupTest',
    STRIPE_PRICE_STARTER: 'price_s',
    STRIPE_PRICE_PRO: 'price_p',
    STRIPE_PRICE_ENTERPRISE: 'price_e',
    TALKINGPHOTO_ENTITLEMENT_PRIVATE_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
  let running: ReturnType<typeof startServer> | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it('stops with the sentence naming STRIPE_SECRET_KEY when it is missing', async () => {
    const { STRIPE_SECRET_KEY: _missing, ...withoutKey } = env;
    running = startServer(withoutKey);
    const code = await running.exited;
    expect(code).not.toBe(0);
    expect(running.stderr()).toContain('STRIPE_SECRET_KEY is not set: give the service your Stripe secret key (sk_test_… in test mode).');
    expect(running.stdout()).toBe('');
  });

  it('prints exactly its URL as the first stdout line and serves on it, with JSON logs on stderr', async () => {
    running = startServer(env);
    const url = await running.firstLine;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toEqual({ ok: true, database: 'sqlite' });
    const me = await fetch(`${url}/me`);
    expect(me.status).toBe(401);
    // stderr is a pipe: the line may arrive a moment after the response.
    const logLine = async (): Promise<string | undefined> => {
      for (let waited = 0; waited < 5000; waited += 50) {
        const line = running!
          .stderr()
          .split('\n')
          .find((text) => text.includes('"url":"/me"'));
        if (line) return line;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return undefined;
    };
    expect(JSON.parse((await logLine()) ?? 'null')).toMatchObject({ msg: 'incoming request', req: { method: 'GET' } });
    await running.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
});
