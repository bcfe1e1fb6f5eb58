import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures.js';

/** `npm run server` in a child process, the way a deployment starts it (--silent: npm's own banner would come first on stdout). */
function startServer(env: Record<string, string>) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(STRIPE_|TALKINGPHOTO_SERVER_|TALKINGPHOTO_ENTITLEMENT_|DATABASE_URL$|PORT$|HOST$)/.test(name)),
  );
  const child = spawn('npm', ['run', '--silent', 'server'], { cwd: REPO_ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const firstLine = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 60 s\n${stderr}`)), 60_000);
    child.stdout.on('data', () => {
      const end = stdout.indexOf('\n');
      if (end === -1) return;
      clearTimeout(timer);
      resolve(stdout.slice(0, end));
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before printing a URL\n${stderr}`));
    });
  });
  // A test that expects the exit never awaits the URL; one that awaits it still sees the rejection.
  firstLine.catch(() => undefined);
  // The whole process group: npm, its shell, tsx and the service.
  const stop = (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
    return exited;
  };
  return { firstLine, exited, stop, stdout: () => stdout, stderr: () => stderr };
}

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
        const line = running!.stderr().split('\n').find((text) => text.includes('"url":"/me"'));
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
