import { WorkerClient } from '../workers/worker-client.js';
import type { DetectedFace, RgbImage } from './face-detector.js';
import type { FaceRequest } from './face-worker.js';

/**
 * Face detection in a worker thread: analysis never blocks the main thread (the desktop
 * window stays responsive), and closing the session returns the model's memory before
 * the video is drawn.
 */
export class FaceSession {
  private readonly client = new WorkerClient<FaceRequest, DetectedFace[]>(new URL('./face-worker', import.meta.url));

  constructor() {
    // Load the model right away; the first detection would otherwise pay for it.
    void this.client.call({ rgb: new Uint8Array(0), width: 0, height: 0, refine: false }).catch(() => undefined);
  }

  /** `lipsOnly`: a frame of the video meshed just before, for its lips, nose and outline (face-detector.ts); never refined. */
  detect(image: RgbImage, options: { refine?: boolean; lipsOnly?: boolean } = {}): Promise<DetectedFace[]> {
    // A copy is transferred: the caller keeps using its pixels.
    const rgb = new Uint8Array(image.rgb);
    return this.client.call({ rgb, width: image.width, height: image.height, refine: options.refine !== false && options.lipsOnly !== true, lipsOnly: options.lipsOnly === true }, [rgb.buffer]);
  }

  /** Safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= this.client.close();
    return this.closing;
  }

  private closing: Promise<void> | undefined;
}

let warm: FaceSession | undefined;

/**
 * Starts a face thread now so the model loads while the caller does other start-up work
 * (the CLI calls this before loading the rest of the engine). The next session taken
 * with `takeFaceSession` is this one.
 */
export function warmFaceSession(): void {
  warm ??= new FaceSession();
}

/**
 * Keeps a session that has done its work for the next `takeFaceSession` (the render's
 * check), instead of closing it; closes it when one is already waiting.
 */
export function parkFaceSession(session: FaceSession): void {
  if (warm) void session.close();
  else warm = session;
}

/** Closes a warmed session nobody took (the request was refused before analysis). */
export async function releaseWarmFaceSession(): Promise<void> {
  const session = warm;
  warm = undefined;
  await session?.close();
}

/** The warmed session if there is one, else a new one. */
export function takeFaceSession(): FaceSession {
  const session = warm ?? new FaceSession();
  warm = undefined;
  return session;
}

export async function withFaceSession<T>(work: (session: FaceSession) => Promise<T>): Promise<T> {
  const session = takeFaceSession();
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}
