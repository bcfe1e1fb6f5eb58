import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../context.js';
import type { LicensingStore } from './store.js';

/** Expired sessions and dead links are deleted this often, and once at start. */
export const PRUNE_EVERY_MS = 60 * 60 * 1000;
/**
 * Sign-in attempts are kept this long for a person looking into an account's history; the
 * throttle reads only the last hour of them.
 */
export const SIGN_IN_ATTEMPTS_KEPT_DAYS = 30;

/**
 * Deletes what can no longer be used (store.pruneExpired): an expired session or a used
 * reset link signs nobody in, but a table that only grows is a copy of who used the service
 * and when, kept for nothing. Returns the stop for the timer.
 */
export function startPruning(store: LicensingStore, now: Clock, log: FastifyBaseLogger, everyMs: number = PRUNE_EVERY_MS): { prune(): Promise<void>; stop(): void } {
  const prune = async (): Promise<void> => {
    try {
      const at = now();
      const pruned = await store.pruneExpired(at, at - SIGN_IN_ATTEMPTS_KEPT_DAYS * 24 * 60 * 60 * 1000);
      log.info({ pruned }, 'expired sessions and links pruned');
    } catch (error) {
      // The next round tries again; nothing depends on a round succeeding.
      log.error({ errorName: (error as Error).name, message: (error as Error).message }, 'pruning failed');
    }
  };
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = prune();
  }, everyMs);
  timer.unref();
  return {
    prune: () => (running = prune()),
    stop: () => {
      clearInterval(timer);
      return void running;
    },
  };
}
