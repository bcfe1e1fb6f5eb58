import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterAll, describe, expect, it } from 'vitest';
import { getSetting, openLibrary, setSetting } from '../../src-main/app/library/index.js';
import { runCli } from '../support/cli.js';
import { seedJobs } from '../support/diagnostics-seed.js';
import { tempDir } from '../support/fixtures.js';
import { grantPlan } from '../support/plans.js';

/**
 * `tp diagnostics --out FILE.zip` on a library seeded with secrets where a bundle would
 * look: a provider key, a licence token, a Stripe key and an e-mail address in the
 * settings, in the last failed job's report, in log lines and in the environment. The zip
 * is opened like a maintainer would open it: the expected files are there, none of the
 * secrets is.
 */

const work = tempDir('tp-diagnostics-cli-');
afterAll(() => work.cleanup());

const PROVIDER_KEY = 'el_live_4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c';
const STRIPE_KEY = 'sk_test_51NzQ8cLkTpHotel9Secret';
const EMAIL = 'maya.okafor@example.org';
const SESSION_TOKEN = 'tps_9Q2w8E4r6T1y3U5i7O0pA2s4D6f8G';

function readZip(file: string): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const files = new Map<string, string>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** A library and a logs folder holding the secrets; returns them with the stored licence token. */
function seedDataFolder(dataDir: string): string[] {
  const library = openLibrary({ dataDir });
  try {
    grantPlan(library, 'pro');
    setSetting(library, 'account.profile', { email: EMAIL, sessionToken: SESSION_TOKEN, note: `billing ${STRIPE_KEY}` });
    setSetting(library, 'app.preferences', { language: 'en', theme: 'dark' });
    seedJobs(library, [
      { state: 'completed', durationMs: 12_000 },
      {
        state: 'failed',
        errorCode: 'RENDER_FAILED',
        errorMessage: `ElevenLabs refused key ${PROVIDER_KEY} for ${EMAIL}`,
        request: { width: 360, height: 640, photoPath: path.join(dataDir, 'assets', 'me.jpg'), headers: { 'xi-api-key': PROVIDER_KEY } },
        renderReport: { providers: { attempts: [{ provider: 'elevenlabs', message: `401 for ${EMAIL} with ${STRIPE_KEY}` }] } },
      },
    ]);
    const token = getSetting(library, 'licensing.entitlement');
    if (typeof token !== 'string') throw new Error('the test plan left no token');
    const logs = path.join(dataDir, 'logs');
    mkdirSync(logs);
    writeFileSync(path.join(logs, 'talkingphoto.log.1'), `${JSON.stringify({ level: 'info', msg: 'older day', user: EMAIL })}\n`);
    writeFileSync(
      path.join(logs, 'talkingphoto.log'),
      [
        JSON.stringify({ level: 'info', msg: 'render started', jobId: '3f2b9a4e-8c1d-4e5f-9a6b-7c8d9e0f1a2b' }),
        JSON.stringify({ level: 'warn', msg: `checkout with ${STRIPE_KEY} for ${EMAIL}` }),
        JSON.stringify({ level: 'error', msg: 'provider answered 401', header: `xi-api-key: ${PROVIDER_KEY}`, entitlement: token }),
      ].join('\n') + '\n',
    );
    // A minidump is the process's memory, keys included: named in the bundle, never copied into it.
    mkdirSync(path.join(dataDir, 'crashes', 'pending'), { recursive: true });
    writeFileSync(path.join(dataDir, 'crashes', 'pending', 'a1b2.dmp'), `MDMP ${PROVIDER_KEY}`);
    // The rotated file is older: the bundle lists the newest first.
    utimesSync(path.join(logs, 'talkingphoto.log.1'), new Date(Date.now() - 86_400_000), new Date(Date.now() - 86_400_000));
    return [PROVIDER_KEY, STRIPE_KEY, EMAIL, SESSION_TOKEN, token];
  } finally {
    library.close();
  }
}

describe('tp diagnostics --out FILE.zip', () => {
  it('writes logs, versions, settings, the last failed job and the library health, with no key, token or e-mail in any of it', async () => {
    const dataDir = path.join(work.dir, 'data');
    const secrets = seedDataFolder(dataDir);
    const out = path.join(work.dir, 'bundle.zip');
    const result = await runCli(['diagnostics', '--out', out], {
      env: { TALKINGPHOTO_DATA_DIR: dataDir, TALKINGPHOTO_ELEVENLABS_API_KEY: PROVIDER_KEY, STRIPE_SECRET_KEY: STRIPE_KEY, TALKINGPHOTO_SUPPORT_EMAIL: EMAIL },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Diagnostics bundle: ${out}`);

    const files = await readZip(out);
    expect([...files.keys()]).toEqual([
      'README.txt',
      'versions.json',
      'environment.json',
      'library-health.json',
      'settings.json',
      'diagnostics.json',
      'last-failed-job/report.json',
      'logs/talkingphoto.log',
      'logs/talkingphoto.log.1',
      'crashes.json',
    ]);
    for (const [name, text] of files) for (const secret of secrets) expect(text.includes(secret), `${name} holds ${secret.slice(0, 12)}…`).toBe(false);

    expect(JSON.parse(files.get('crashes.json')!).dumps).toEqual([expect.objectContaining({ name: 'a1b2.dmp', bytes: 5 + PROVIDER_KEY.length })]);
    const versions = JSON.parse(files.get('versions.json')!);
    expect(versions.app).toEqual({ name: 'TalkingPhoto', version: '0.1.0', frontDoor: 'cli' });
    expect(versions.ffmpeg.version).toMatch(/\d/);
    const health = JSON.parse(files.get('library-health.json')!);
    expect(health).toMatchObject({ opened: true, quickCheck: 'ok', counts: { jobs: { completed: 1, failed: 1 } } });
    const failed = JSON.parse(files.get('last-failed-job/report.json')!);
    expect(failed.job).toMatchObject({ state: 'failed', errorCode: 'RENDER_FAILED' });
    expect(failed.job.errorMessage).toBe('ElevenLabs refused key [redacted] for [email]');
    const settings = JSON.parse(files.get('settings.json')!);
    expect(settings['app.preferences']).toEqual({ language: 'en', theme: 'dark' });
    expect(settings['licensing.entitlement']).toBe('[redacted]');
    const environment = JSON.parse(files.get('environment.json')!);
    expect(environment.TALKINGPHOTO_ELEVENLABS_API_KEY).toBe('[set]');
    const diagnostics = JSON.parse(files.get('diagnostics.json')!);
    expect(diagnostics.renders).toMatchObject({ successRate: 0.5, averageRenderMs: 12_000 });
    expect(files.get('logs/talkingphoto.log')).toContain('"msg":"render started","jobId":"3f2b9a4e-8c1d-4e5f-9a6b-7c8d9e0f1a2b"');
  });

  it('still writes a bundle when the library is damaged, saying so, and leaves the damaged file where it is', async () => {
    const dataDir = path.join(work.dir, 'data-damaged');
    mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
    writeFileSync(path.join(dataDir, 'library.db'), 'this is not a SQLite database, just text that got here somehow');
    writeFileSync(path.join(dataDir, 'logs', 'talkingphoto.log'), `${JSON.stringify({ level: 'error', msg: 'library damaged' })}\n`);
    const out = path.join(work.dir, 'damaged.zip');
    const result = await runCli(['diagnostics', '--out', out], { env: { TALKINGPHOTO_DATA_DIR: dataDir } });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^The library could not be opened \(The library file (is damaged|cannot be read)/);
    const files = await readZip(out);
    expect([...files.keys()]).toEqual(['README.txt', 'versions.json', 'environment.json', 'library-health.json', 'logs/talkingphoto.log']);
    expect(JSON.parse(files.get('library-health.json')!)).toMatchObject({ opened: false, openError: expect.stringMatching(/^The library file/) });
    expect(readdirSync(dataDir).sort()).toEqual(['library.db', 'logs']);
  });

  it('refuses a --out whose folder is missing, or that is a folder, with one sentence, exit 2 and no zip', async () => {
    const missing = path.join(work.dir, 'no-such-folder', 'bundle.zip');
    const gone = await runCli(['diagnostics', '--out', missing], { env: { TALKINGPHOTO_DATA_DIR: path.join(work.dir, 'data-2') } });
    expect(gone.code).toBe(2);
    expect(gone.stderr).toBe(`The folder ${path.dirname(missing)} does not exist: create it first or choose another place for the diagnostics bundle.\n`);
    expect(existsSync(path.dirname(missing))).toBe(false);
    // Refused before the library was opened: no library was made (the command's log line is all there is).
    expect(existsSync(path.join(work.dir, 'data-2', 'library.db'))).toBe(false);

    const folder = path.join(work.dir, 'a-folder');
    mkdirSync(folder);
    const isFolder = await runCli(['diagnostics', '--out', folder], { env: { TALKINGPHOTO_DATA_DIR: path.join(work.dir, 'data-2') } });
    expect(isFolder.code).toBe(2);
    expect(isFolder.stderr.trim().split('\n')).toHaveLength(1);
    expect(isFolder.stderr).toMatch(/is a folder: give the bundle a file name/);
    expect(readdirSync(folder)).toEqual([]);
  });
});
