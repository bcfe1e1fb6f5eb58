import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parentChannel } from './parent-channel.js';

/**
 * A forked child's `process` as Node's child_process gives it: a send to a channel that
 * just broke (the parent was killed) reports the error to the send's callback, or, with
 * none, emits 'error' on the process, which an app has no listener for: the render then
 * died through its crash handler and left its staging folder (tests/queue/render-process).
 */
function forkedProcess(): EventEmitter & { connected: boolean; send: (...args: unknown[]) => boolean } {
  const proc = Object.assign(new EventEmitter(), {
    connected: true,
    send: (...args: unknown[]) => {
      const callback = args.find((a) => typeof a === 'function') as ((error: Error) => void) | undefined;
      const broken = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
      if (callback) process.nextTick(callback, broken);
      else process.nextTick(() => proc.emit('error', broken));
      return false;
    },
  });
  return proc;
}

describe('parentChannel', () => {
  it('a progress message to a parent that has just died is dropped, not thrown out of the event loop', async () => {
    const proc = forkedProcess();
    const errors: unknown[] = [];
    proc.on('error', (error) => errors.push(error));
    parentChannel(proc as unknown as NodeJS.Process).send({ type: 'progress', percent: 40 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(errors).toEqual([]);
  });

  it('sends nothing once the channel is closed', () => {
    const proc = forkedProcess();
    proc.connected = false;
    let sent = 0;
    proc.send = () => (sent++, true);
    parentChannel(proc as unknown as NodeJS.Process).send({ type: 'progress', percent: 40 });
    expect(sent).toBe(0);
  });
});
