import { Worker } from 'node:worker_threads';
import { ERROR_CODES, TalkingPhotoError, type ErrorCode } from '../../../src-shared/errors.js';
import { describeError, moduleLog } from '../logging/engine-log.js';

const log = moduleLog('workers');

/**
 * Each thread's young generation (V8's nursery), in MB, for objects that die at once. Left
 * to grow, the face model's thread held 23–31 MB more at a 10 s 1080×1920 render's peak
 * (measured with the check meshing beside the drawing, a variant not kept: the tree
 * 557 → 534 MB).
 */
const WORKER_YOUNG_GENERATION_MB = 8;

/**
 * A request/response channel to one worker thread. Each call gets an id; the worker
 * answers `{ id, result }` or `{ id, error }`. Terminating the worker frees everything it
 * loaded (for the face model, about 120 MB of wasm heap).
 */
export class WorkerClient<Request, Response> {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: Response) => void; reject: (error: Error) => void }>();
  private failure: Error | undefined;
  private closed = false;

  /** `moduleUrl` is the worker module next to the caller, without extension. */
  constructor(moduleUrl: URL) {
    const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    const entry = new URL(moduleUrl.href + extension);
    this.worker = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), { workerData: { entry: entry.href }, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    this.worker.on('message', (message: { id: number; result?: Response; error?: WorkerError }) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.error) waiter.reject(rebuiltError(message.error));
      else waiter.resolve(message.result as Response);
    });
    this.worker.on('error', (error) => {
      // The caller sees its request fail; the log keeps which thread and why.
      log.error('worker thread failed', { worker: moduleUrl.pathname.split('/').pop(), error: describeError(error) });
      this.failAll(error);
    });
    this.worker.on('exit', (code) => {
      if (this.pending.size && !this.closed) log.error('worker thread exited with requests waiting', { worker: moduleUrl.pathname.split('/').pop(), code, waiting: this.pending.size });
      // Whether it died or was closed, a call made afterwards must fail, not wait for an answer that cannot come.
      this.failAll(this.failure ?? new Error(this.closed ? 'worker thread was closed' : `worker exited with code ${code}`));
    });
  }

  call(request: Request, transfer: ArrayBuffer[] = []): Promise<Response> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, request }, transfer);
    });
  }

  /** Ends the thread; a call still waiting, and any made afterwards, fails. */
  async close(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
  }

  private failAll(error: Error): void {
    this.failure = error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

/** A failure as it crosses threads (an Error's own fields do not survive structured cloning as an Error's). */
interface WorkerError {
  message: string;
  code?: string;
  name?: string;
  detail?: string;
  stack?: string;
}

/**
 * The worker's failure as the caller would have seen it in its own thread: an expected
 * failure is a TalkingPhotoError again (the queue, the stage runner and the creator's
 * sentence go by its class and code); a bug stays an Error and keeps the worker's stack for the log.
 */
function rebuiltError(error: WorkerError): Error {
  if (error.name === 'TalkingPhotoError' && (ERROR_CODES as readonly string[]).includes(error.code ?? '')) {
    return new TalkingPhotoError(error.code as ErrorCode, error.message, { detail: error.detail });
  }
  const rebuilt = Object.assign(new Error(error.message), { code: error.code });
  if (error.stack) rebuilt.stack = error.stack;
  return rebuilt;
}

/**
 * Serves requests inside a worker module: `serve(async (request) => result)`. `transfer`
 * names the result's buffers to move to the caller instead of copying them (they are
 * unusable here afterwards).
 */
export async function serve<Request, Response>(handle: (request: Request) => Promise<Response>, transfer?: (response: Response) => ArrayBuffer[]): Promise<void> {
  const { parentPort } = await import('node:worker_threads');
  if (!parentPort) throw new Error('serve() must run inside a worker thread');
  const port = parentPort;
  port.on('message', async (message: { id: number; request: Request }) => {
    try {
      const result = await handle(message.request);
      port.postMessage({ id: message.id, result }, transfer?.(result) ?? []);
    } catch (error) {
      const e = error as Error & { code?: string; detail?: string };
      port.postMessage({ id: message.id, error: { message: e.message ?? String(error), code: e.code, name: e.name, detail: e.detail, stack: e.stack } satisfies WorkerError });
    }
  });
}
