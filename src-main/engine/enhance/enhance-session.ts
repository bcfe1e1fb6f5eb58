import { WorkerClient } from '../workers/worker-client.js';
import type { EnhanceReply, EnhanceRequest } from './enhance-worker.js';
import type { EnhanceOptions, EnhanceResult, RgbPhoto } from './local-enhancer.js';

/**
 * The enhance stage (local-enhancer.ts's enhancePhoto, the very same function) in a worker
 * thread. Its ~0.6 s of pixel work on a 10 s render's photo then runs on the second core
 * while the main thread cleans the recording or speaks the script, instead of after it;
 * and the desktop window stays responsive while a dropped photo is enhanced.
 *
 * Start the session before the photo is read: the thread loads its modules meanwhile.
 * Close it as soon as the photo is enhanced: the thread's heap goes back before the video is drawn.
 */
export class EnhanceSession {
  private readonly client = new WorkerClient<EnhanceRequest, EnhanceReply>(new URL('./enhance-worker', import.meta.url));
  private closing: Promise<void> | undefined;

  /** Same result as enhancePhoto(photo, options), byte for byte; its failures arrive as the same errors. */
  async enhance(photo: RgbPhoto, options: EnhanceOptions = {}): Promise<EnhanceResult> {
    // A copy is transferred, not cloned twice: the caller keeps its photo (the report, the quality gate's second try).
    const rgb = new Uint8Array(photo.rgb);
    const { rgb: enhanced, ...rest } = await this.client.call({ rgb, width: photo.width, height: photo.height, options }, [rgb.buffer]);
    return { ...rest, rgb: enhanced ? Buffer.from(enhanced.buffer, enhanced.byteOffset, enhanced.byteLength) : photo.rgb };
  }

  /** Ends the thread; a call still waiting fails (worker-client.ts). Safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= this.client.close();
    return this.closing;
  }
}
