import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRedactor } from './log-redaction.js';
import { createLogger, silentLog } from './logger.js';
import { LOG_FILE_NAME, logsFolder } from './log-paths.js';
import { moduleLog, openProcessLog, useProcessLog } from './process-log.js';

const HOME = os.homedir();

function dataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'tp-logger-'));
}

function readLog(dir: string): Array<Record<string, unknown>> {
  return readFileSync(path.join(logsFolder(dir), LOG_FILE_NAME), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Each secret a line may carry, as a caller might write it without thinking. */
const SECRETS = {
  openai: 'sk-proj-Abc123def456GHI789jkl012',
  stripeSecret: 'sk_live_51HxYzAbCdEfGhIjKlMnOp',
  stripeRestricted: 'rk_live_51HxYzAbCdEfGhIjKlMnOp',
  webhook: 'whsec_5c2e8a1f0b9d4e7a6c3b2d1e',
  bearer: 'Bearer 0f9e8d7c6b5a4f3e2d1c0b9a',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYXlhIn0.dGhpcyBpcyBhIHNpZ25hdHVyZQ',
  elevenLabsKey: '3f1c9a7e5b2d4f6a8c0e1b3d5f7a9c2e',
  password: 'correct horse battery staple',
  email: 'maya.rivera+shoes@example.co.uk',
} as const;

describe('the logger', () => {
  it('writes JSON lines with time, level, process, module and fields into <data folder>/logs/talkingphoto.log', () => {
    const dir = dataDir();
    const log = createLogger({ process: 'main', dataDir: dir });
    log.child({ module: 'queue' }).info('job finished', { jobId: 'j1', durationMs: 1234 });
    log.debug('not at info level');
    expect(log.file).toBe(path.join(dir, 'logs', 'talkingphoto.log'));
    const [line, ...rest] = readLog(dir);
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ level: 'info', proc: 'main', pid: process.pid, module: 'queue', msg: 'job finished', jobId: 'j1', durationMs: 1234 });
    expect(Date.parse(String(line!.time))).toBeGreaterThan(Date.now() - 60_000);
    // No host name: it is often the owner's name.
    expect(line).not.toHaveProperty('hostname');
  });

  it('never writes a key, token, password, email or the home folder, whichever way a caller passes them', () => {
    const dir = dataDir();
    const log = createLogger({ process: 'cli', dataDir: dir });
    log.info(`calling the provider with ${SECRETS.openai} for ${SECRETS.email}`, {
      apiKey: SECRETS.elevenLabsKey,
      'xi-api-key': SECRETS.elevenLabsKey,
      headers: { Authorization: SECRETS.bearer, 'content-type': 'application/json' },
      nested: [{ stripe: { secret: SECRETS.stripeSecret, restricted: SECRETS.stripeRestricted } }],
      webhookSecret: SECRETS.webhook,
      password: SECRETS.password,
      session: { token: SECRETS.jwt },
      url: `https://api.example.test/v1/render?key=${SECRETS.elevenLabsKey}&lang=en`,
      photo: path.join(HOME, 'Pictures', 'me.jpg'),
      note: `jwt ${SECRETS.jwt} and ${SECRETS.webhook}`,
      hasKey: true,
    });
    log.error('the provider refused', { error: Object.assign(new Error(`401 for ${SECRETS.email} with ${SECRETS.stripeSecret} reading ${HOME}/secret.txt`), { code: 'PROVIDER_AUTH' }) });

    const text = readFileSync(path.join(logsFolder(dir), LOG_FILE_NAME), 'utf8');
    for (const [name, secret] of Object.entries(SECRETS)) expect(text, name).not.toContain(name === 'bearer' ? secret.slice(7) : secret);
    expect(text).not.toContain(HOME + path.sep);
    expect(text).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}/u);

    const [first, second] = readLog(dir);
    // What is not secret stays readable.
    expect(first).toMatchObject({ photo: path.join('~', 'Pictures', 'me.jpg'), hasKey: true, headers: { 'content-type': 'application/json' } });
    expect(String(first!.url)).toMatch(/^https:\/\/api\.example\.test\/v1\/render\?key=\[redacted\]&lang=en$/u);
    expect(second!.error).toMatchObject({ type: 'Error', code: 'PROVIDER_AUTH' });
    expect(String((second!.error as { message: string }).message)).toBe('401 for [email] with [redacted] reading ~/secret.txt');
  });

  it('hides a secret written into a message as "name: value" or "name=value"', () => {
    const redactor = createRedactor({ home: '/home/maya', platform: 'linux' });
    expect(redactor.text('ElevenLabs refused xi-api-key: 3f1c9a7e5b2d4f6a8c0e1b3d5f7a9c2e (401)')).toBe('ElevenLabs refused xi-api-key: [redacted] (401)');
    expect(redactor.text('{"apiKey":"abcd1234efgh","lang":"en"}')).toBe('{"apiKey":"[redacted]","lang":"en"}');
    expect(redactor.text('login with password=hunter22; retry')).toBe('login with password=[redacted]; retry');
    // Words that merely mention a secret stay readable.
    expect(redactor.text('the API key is not set: add it in Settings')).toBe('the API key is not set: add it in Settings');
  });

  it('hides a home folder only as a whole folder, and a Windows home in either slash', () => {
    const unix = createRedactor({ home: '/home/al', platform: 'linux' });
    expect(unix.text('/home/al/x.jpg and /home/alice/y.jpg')).toBe('~/x.jpg and /home/alice/y.jpg');
    const windows = createRedactor({ home: 'C:\\Users\\Maya', platform: 'win32' });
    expect(windows.text('C:\\Users\\Maya\\Videos\\a.mp4 | c:/users/maya/b.mp4')).toBe('~\\Videos\\a.mp4 | ~/b.mp4');
    // A home of "/" would turn every path into "~".
    expect(createRedactor({ home: '/', platform: 'linux' }).text('/usr/bin/ffmpeg')).toBe('/usr/bin/ffmpeg');
  });

  it('rotates past the size cap, keeping at most the set number of files and the newest lines', () => {
    const dir = dataDir();
    const log = createLogger({ process: 'host', dataDir: dir, maxBytes: 8192, keep: 3 });
    for (let i = 0; i < 400; i += 1) log.info('tick', { i, pad: 'z'.repeat(40) });
    expect(readdirSync(logsFolder(dir)).sort()).toEqual(['talkingphoto.log', 'talkingphoto.log.1', 'talkingphoto.log.2']);
    expect(readLog(dir).at(-1)).toMatchObject({ msg: 'tick', i: 399 });
  });

  it('echoes the same redacted lines to stderr for tp --verbose, readable by a person', () => {
    const dir = dataDir();
    const echoed: string[] = [];
    const log = createLogger({ process: 'cli', dataDir: dir, echo: (line) => echoed.push(line) });
    log.child({ module: 'pipeline' }).info('stage finished', { stage: 'voice', durationMs: 812, token: SECRETS.jwt });
    expect(echoed).toHaveLength(1);
    expect(JSON.parse(echoed[0]!)).toEqual(readLog(dir)[0]);
    expect(echoed[0]).not.toContain(SECRETS.jwt);
  });

  it('binds a module logger to the process log opened after it, and logs nowhere before', () => {
    const dir = dataDir();
    const early = moduleLog('pipeline').child({ jobId: 'job-7' });
    early.info('before the door opened the log');
    openProcessLog({ process: 'render', dataDir: dir });
    early.info('stage finished', { stage: 'kit', durationMs: 5 });
    useProcessLog(silentLog);
    early.info('after it was closed');
    expect(readLog(dir)).toEqual([expect.objectContaining({ proc: 'render', module: 'pipeline', jobId: 'job-7', msg: 'stage finished', stage: 'kit' })]);
  });
});
