import { describe, expect, it } from 'vitest';
import { FrameQueue } from './frame-queue.js';

async function readAll<T>(queue: FrameQueue<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of queue) out.push(item);
  return out;
}

describe('the frame queue between the decoder and the frame check', () => {
  it('lets the decoder run ahead of a judge that is waiting, up to its capacity, and hands the frames over in order', async () => {
    const queue = new FrameQueue<number>(4);
    let pushed = 0;
    const writer = (async () => {
      for (let i = 0; i < 10; i++) {
        await queue.push(i);
        pushed++;
      }
      queue.close();
    })();
    // The judge is busy (a face mesh): the decoder fills the queue and then waits.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pushed).toBe(4);
    expect(await readAll(queue)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await writer;
  });

  it("gives the judge the decoder's error after the frames decoded before it", async () => {
    const queue = new FrameQueue<number>(8);
    await queue.push(1);
    await queue.push(2);
    queue.fail(new Error('ffmpeg stopped'));
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of queue) seen.push(item);
      })(),
    ).rejects.toThrow('ffmpeg stopped');
    expect(seen).toEqual([1, 2]);
  });

  it('tells a waiting decoder to stop once the judge has stopped (finished or failed)', async () => {
    const queue = new FrameQueue<number>(1);
    await queue.push(1);
    const waiting = queue.push(2);
    queue.stop();
    expect(await waiting).toBe(false);
    expect(await queue.push(3)).toBe(false);
  });
});
