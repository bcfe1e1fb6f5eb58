import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ForkOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { utilityProcessLauncher, type UtilityProcessLike } from './utility-launcher.js';

/** Behaves like Electron's UtilityProcess as its typings document it: pid after spawn, exit with a code, piped stdout/stderr. */
class FakeUtilityProcess extends EventEmitter implements UtilityProcessLike {
  pid: number | undefined = undefined;
  stdout = new PassThrough();
  stderr = new PassThrough();
  posted: unknown[] = [];
  kills = 0;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.kills += 1;
    this.exit(15);
    return true;
  }
  spawn(pid: number): void {
    this.pid = pid;
    this.emit('spawn');
  }
  exit(code: number): void {
    this.stdout.end();
    this.stderr.end();
    this.emit('exit', code);
    this.pid = undefined;
  }
}

function harness(ready: Promise<void> = Promise.resolve()) {
  const forks: Array<{ modulePath: string; args: string[]; options: ForkOptions; proc: FakeUtilityProcess }> = [];
  const launcher = utilityProcessLauncher((modulePath, args, options) => {
    const proc = new FakeUtilityProcess();
    forks.push({ modulePath, args, options, proc });
    return proc;
  }, ready);
  return { launcher, forks };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('the utility-process launcher', () => {
  it('forks with its args, environment and name, stdin ignored and output piped, tsx only for TypeScript', async () => {
    const { launcher, forks } = harness();
    launcher.start('/app/dist/render-process-entry.js', { name: 'TalkingPhoto render', args: ['--job', '/tmp/j.json'], env: { A: '1' } });
    launcher.start('/src/render-process-entry.ts', { name: 'dev render' });
    await tick();
    expect(launcher.kind).toBe('electron-utility');
    expect(forks[0]).toMatchObject({
      modulePath: '/app/dist/render-process-entry.js',
      args: ['--job', '/tmp/j.json'],
      options: { env: { A: '1' }, execArgv: [], stdio: ['ignore', 'pipe', 'pipe'], serviceName: 'TalkingPhoto render' },
    });
    expect(forks[1]!.options.execArgv).toEqual(['--import', 'tsx']);
    expect(forks[1]!.options.env).toBe(process.env);
  });

  it('waits for the app to be ready before forking, and delivers what was posted meanwhile', async () => {
    let open!: () => void;
    const { launcher, forks } = harness(new Promise<void>((resolve) => (open = resolve)));
    const child = launcher.start('/app/entry.js', { name: 'early' });
    child.postMessage({ type: 'render' });
    await tick();
    expect(forks).toHaveLength(0);
    open();
    await tick();
    expect(forks).toHaveLength(1);
    expect(forks[0]!.proc.posted).toEqual([{ type: 'render' }]);
    child.postMessage({ type: 'cancel' });
    expect(forks[0]!.proc.posted).toEqual([{ type: 'render' }, { type: 'cancel' }]);
  });

  it('passes messages up, and closes only after the exit and all of stdout and stderr', async () => {
    const { launcher, forks } = harness();
    const child = launcher.start('/app/entry.js', { name: 'x' });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const messages: unknown[] = [];
    child.on('message', (m) => messages.push(m));
    const closed = new Promise<[number | null, string | null]>((resolve) => child.on('close', (code, signal) => resolve([code, signal])));
    await tick();
    const proc = forks[0]!.proc;
    proc.spawn(4242);
    expect(child.pid).toBe(4242);
    proc.emit('message', { type: 'ready' });
    proc.stdout.write('{"type":"clause"}\n');
    proc.stderr.write('warn\n');
    proc.emit('exit', 0);
    proc.stdout.end('{"type":"done"}\n');
    proc.stderr.end();
    expect(await closed).toEqual([0, null]);
    expect(child.ended).toBe(true);
    expect(messages).toEqual([{ type: 'ready' }]);
    expect(out).toBe('{"type":"clause"}\n{"type":"done"}\n');
    expect(err).toBe('warn\n');
  });

  it('kill ends the process and reports it as killed; a child killed before it was forked is never forked', async () => {
    const { launcher, forks } = harness();
    const child = launcher.start('/app/entry.js', { name: 'x' });
    const closed = new Promise<[number | null, string | null]>((resolve) => child.on('close', (code, signal) => resolve([code, signal])));
    await tick();
    child.kill();
    child.kill();
    expect(await closed).toEqual([null, 'SIGTERM']);
    expect(forks[0]!.proc.kills).toBe(1);

    let open!: () => void;
    const later = harness(new Promise<void>((resolve) => (open = resolve)));
    const early = later.launcher.start('/app/entry.js', { name: 'y' });
    const earlyClosed = new Promise<[number | null, string | null]>((resolve) => early.on('close', (code, signal) => resolve([code, signal])));
    early.kill();
    open();
    expect(await earlyClosed).toEqual([null, 'SIGTERM']);
    await tick();
    expect(later.forks).toHaveLength(0);
  });

  it('a fork that throws becomes an error event, with no close after it', async () => {
    const launcher = utilityProcessLauncher(() => {
      throw new Error('utilityProcess cannot be forked before app ready');
    }, Promise.resolve());
    const child = launcher.start('/app/entry.js', { name: 'x' });
    const events: string[] = [];
    child.on('close', () => events.push('close'));
    const error = await new Promise<Error>((resolve) => child.on('error', resolve));
    await tick();
    expect(error.message).toMatch(/cannot be forked/);
    expect(events).toEqual([]);
  });
});
