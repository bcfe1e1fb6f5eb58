// @ts-check
/**
 * Entry of every worker thread. Built code (the packaged app) imports the worker module
 * directly; in development the module is TypeScript, so tsx's loader is registered in
 * this thread first (a loader registered on the main thread does not reach workers).
 */
import { workerData } from 'node:worker_threads';

const entry = /** @type {{ entry: string }} */ (workerData).entry;
if (entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(entry);
