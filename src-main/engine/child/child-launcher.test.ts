import path from 'node:path';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { LEAN_V8_FLAGS } from '../media/lean-malloc.js';
import { nodeChildLauncher, type ChildHandle } from './child-launcher.js';
import { parentChannel } from './parent-channel.js';

const ECHO = path.resolve(import.meta.dirname, '../../../tests/support/echo-child.mjs');

function collect(child: ChildHandle): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { out: () => out, err: () => err };
}

describe('the Node launcher', () => {
  it('forks a module with its arguments and environment, talks to it both ways, and reports its exit', async () => {
    const child = nodeChildLauncher.start(ECHO, { name: 'echo', args: ['--job', '/tmp/x.json'], env: { ...process.env, TP_ECHO_ENV: 'seen' } });
    const io = collect(child);
    const messages: unknown[] = [];
    const closed = new Promise<[number | null, string | null]>((resolve) => child.on('close', (code, signal) => resolve([code, signal])));
    child.on('message', (message) => {
      messages.push(message);
      if ((message as { type?: string }).type === 'ready') child.postMessage({ type: 'hello', n: 1 });
      else child.postMessage({ type: 'leave', code: 3 });
    });
    expect(await closed).toEqual([3, null]);
    expect(child.ended).toBe(true);
    expect(messages).toEqual([{ type: 'ready' }, { echo: { type: 'hello', n: 1 } }]);
    expect(io.out()).toBe('args ["--job","/tmp/x.json"] env seen\n');
    expect(io.err()).toBe('to stderr\n');
  });

  it("starts a render's child with the lean V8 flags: its young generation stays small", async () => {
    const child = nodeChildLauncher.start(ECHO, { name: 'echo', env: { ...process.env, TP_ECHO_HEAP: '1' }, execArgv: LEAN_V8_FLAGS });
    const io = collect(child);
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.on('message', () => child.postMessage({ type: 'leave', code: 0 }));
    expect(await closed).toBe(0);
    const [, execArgv, space] = /execArgv (\[.*\]) new space (\d+)/.exec(io.out()) ?? [];
    expect(JSON.parse(execArgv!)).toEqual(expect.arrayContaining([...LEAN_V8_FLAGS]));
    // Two semi-spaces of at most 2 MB (16 MB each by default once it has grown).
    expect(Number(space)).toBeGreaterThan(0);
    expect(Number(space)).toBeLessThanOrEqual(4 * 2 ** 20);
  });

  it('kills a child that keeps running', async () => {
    const child = nodeChildLauncher.start(ECHO, { name: 'echo' });
    collect(child);
    const closed = new Promise<[number | null, string | null]>((resolve) => child.on('close', (code, signal) => resolve([code, signal])));
    child.on('message', () => child.kill());
    expect(await closed).toEqual([null, 'SIGKILL']);
  });

  it('reports a module that cannot start as a close with an error code, never a hang', async () => {
    const child = nodeChildLauncher.start(path.join(import.meta.dirname, 'no-such-entry.mjs'), { name: 'missing' });
    collect(child);
    const [code] = await new Promise<[number | null, string | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    expect(code).not.toBe(0);
  });
});

describe('the child side of the channel', () => {
  it('reads a utility process’s messages out of the event’s data and posts through parentPort', () => {
    const port = new EventEmitter() as EventEmitter & { postMessage: (m: unknown) => void; sent: unknown[] };
    port.sent = [];
    port.postMessage = (m) => port.sent.push(m);
    const channel = parentChannel({ parentPort: port } as unknown as NodeJS.Process);
    const received: unknown[] = [];
    channel.onMessage((m) => received.push(m));
    port.emit('message', { data: { type: 'render' } });
    channel.send({ type: 'ready' });
    channel.close();
    port.emit('message', { data: { type: 'late' } });
    expect(received).toEqual([{ type: 'render' }]);
    expect(port.sent).toEqual([{ type: 'ready' }]);
  });
});
