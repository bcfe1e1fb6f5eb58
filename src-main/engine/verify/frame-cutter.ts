/**
 * ffmpeg's `-f rawvideo` stdout, read without side effects: a byte stream whose chunks
 * fall anywhere, cut back into whole frames of a known size.
 */
export class FrameCutter {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly frameBytes: number) {
    if (!Number.isInteger(frameBytes) || frameBytes <= 0) throw new RangeError(`a frame has a positive whole number of bytes, not ${frameBytes}`);
  }

  /** The frames this chunk completes, each its own copy (the caller may keep it while decoding goes on). */
  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: Buffer[] = [];
    while (this.pending.length >= this.frameBytes) {
      frames.push(Buffer.from(this.pending.subarray(0, this.frameBytes)));
      this.pending = this.pending.subarray(this.frameBytes);
    }
    return frames;
  }

  /** Bytes of a frame not yet complete (a stream that ends with some is cut short). */
  get leftover(): number {
    return this.pending.length;
  }
}
