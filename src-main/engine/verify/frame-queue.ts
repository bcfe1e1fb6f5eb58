/**
 * Decoded frames handed from the decoder to the frame check, first in first out, at most
 * `capacity` waiting: while the check waits on a face mesh (the model's boot before the
 * reference, each anchor), ffmpeg keeps decoding instead of stalling on a full pipe, and
 * a bounded queue keeps the memory that costs small (64 frames of the check's 256 px crop
 * are about 7 MB).
 */
export class FrameQueue<T> {
  private readonly items: T[] = [];
  private closed = false;
  private stopped = false;
  private failure: { error: unknown } | undefined;
  private wakeReader: (() => void) | undefined;
  private wakeWriter: (() => void) | undefined;

  constructor(private readonly capacity: number) {}

  /** Waits while the queue is full; false once the reader has stopped (the writer should stop too). */
  async push(item: T): Promise<boolean> {
    while (this.items.length >= this.capacity && !this.stopped) await new Promise<void>((resolve) => (this.wakeWriter = resolve));
    if (this.stopped) return false;
    this.items.push(item);
    this.wake('reader');
    return true;
  }

  /** The writer has no more: the reader gets what is queued, then the end. */
  close(): void {
    this.closed = true;
    this.wake('reader');
  }

  /** The writer failed: the reader gets what is queued, then this error. */
  fail(error: unknown): void {
    this.failure = { error };
    this.wake('reader');
  }

  /** The reader is done (finished or failed): a waiting or later push answers false. */
  stop(): void {
    this.stopped = true;
    this.items.length = 0;
    this.wake('writer');
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.items.length) {
        const item = this.items.shift()!;
        this.wake('writer');
        yield item;
        continue;
      }
      if (this.failure) throw this.failure.error;
      if (this.closed || this.stopped) return;
      await new Promise<void>((resolve) => (this.wakeReader = resolve));
    }
  }

  private wake(who: 'reader' | 'writer'): void {
    const wake = who === 'reader' ? this.wakeReader : this.wakeWriter;
    if (who === 'reader') this.wakeReader = undefined;
    else this.wakeWriter = undefined;
    wake?.();
  }
}
