import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeChildLauncher } from './child-launcher.js';
import { ChildRelay, relayedChildLauncher } from './child-relay.js';
import type { ParentChannel } from './parent-channel.js';

const ECHO = path.resolve(import.meta.dirname, '../../../tests/support/echo-child.mjs');

/**
 * A render process's channel to the app, in memory and cloned like the real one: the
 * render's relayed launcher on one end, the app's ChildRelay (starting real Node
 * children) on the other.
 */
function wired(allowed: string[]) {
  const toRender: Array<(m: unknown) => void> = [];
  const channel: ParentChannel = {
    send: (message) => setImmediate(() => relay.handle(structuredClone(message))),
    onMessage: (listener) => void toRender.push(listener),
    onParentGone: () => undefined,
    close: () => undefined,
  };
  const relay: ChildRelay = new ChildRelay(nodeChildLauncher, allowed, (event) => setImmediate(() => toRender.forEach((l) => l(structuredClone(event)))));
  return { launcher: relayedChildLauncher(channel), relay };
}

describe('a render’s children started by the app', () => {
  it('runs the child, relays messages both ways, its stdout and stderr, and its exit', async () => {
    const { launcher } = wired([ECHO]);
    const child = launcher.start(ECHO, { name: 'echo', args: ['--job', '/tmp/job.json'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const messages: unknown[] = [];
    child.on('message', (m) => {
      messages.push(m);
      child.postMessage((m as { type?: string }).type === 'ready' ? { type: 'hello' } : { type: 'leave', code: 4 });
    });
    const closed = await new Promise<[number | null, string | null]>((resolve) => child.on('close', (code, signal) => resolve([code, signal])));
    expect(closed).toEqual([4, null]);
    expect(child.pid).toBeGreaterThan(0);
    expect(messages).toEqual([{ type: 'ready' }, { echo: { type: 'hello' } }]);
    expect(out).toBe('args ["--job","/tmp/job.json"] env \n');
    expect(err).toBe('to stderr\n');
  });

  it('kills the child when the render asks', async () => {
    const { launcher } = wired([ECHO]);
    const child = launcher.start(ECHO, { name: 'echo' });
    child.on('message', () => child.kill());
    const closed = await new Promise<[number | null, string | null]>((resolve) => child.on('close', (code, signal) => resolve([code, signal])));
    expect(closed).toEqual([null, 'SIGKILL']);
  });

  it('refuses to start a module that is not one of the engine’s children', async () => {
    const { launcher } = wired([path.join(import.meta.dirname, 'espeak-worker.mjs')]);
    const child = launcher.start(ECHO, { name: 'echo' });
    const error = await new Promise<Error>((resolve) => child.on('error', resolve));
    expect(error.message).toMatch(/does not start echo-child\.mjs/);
  });
});
