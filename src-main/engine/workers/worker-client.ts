import { Worker } from 'node:worker_threads';
import { describeError, moduleLog } from '../logging/engine-log.js';

const log = moduleLog('workers');

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

  /** `moduleUrl` is the worker module next to the caller, without extension. */
  constructor(moduleUrl: URL) {
    const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    const entry = new URL(moduleUrl.href + extension);
    this.worker = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), { workerData: { entry: entry.href } });
    this.worker.on('message', (message: { id: number; result?: Response; error?: { message: string; code?: string; name?: string } }) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.error) waiter.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
      else waiter.resolve(message.result as Response);
    });
    this.worker.on('error', (error) => {
      // The caller sees its request fail; the log keeps which thread and why.
      log.error('worker thread failed', { worker: moduleUrl.pathname.split('/').pop(), error: describeError(error) });
      this.failAll(error);
    });
    this.worker.on('exit', (code) => {
      if (!this.pending.size) return;
      log.error('worker thread exited with requests waiting', { worker: moduleUrl.pathname.split('/').pop(), code, waiting: this.pending.size });
      this.failAll(new Error(`worker exited with code ${code}`));
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

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private failAll(error: Error): void {
    this.failure = error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

/** Serves requests inside a worker module: `serve(async (request) => result)`. */
export async function serve<Request, Response>(handle: (request: Request) => Promise<Response>): Promise<void> {
  const { parentPort } = await import('node:worker_threads');
  if (!parentPort) throw new Error('serve() must run inside a worker thread');
  const port = parentPort;
  port.on('message', async (message: { id: number; request: Request }) => {
    try {
      port.postMessage({ id: message.id, result: await handle(message.request) });
    } catch (error) {
      const e = error as Error & { code?: string };
      port.postMessage({ id: message.id, error: { message: e.message ?? String(error), code: e.code, name: e.name } });
    }
  });
}
