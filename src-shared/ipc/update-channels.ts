import { z } from 'zod';
import { NoPayload, requestChannel } from './channel.js';

/**
 * The desktop app's own updates (electron-updater, src-main/doors/electron/app-updater.ts): what
 * the window's "Restart to update" banner shows. Main checks and downloads in the
 * background and installs only when the creator restarts, never while a render runs.
 * The headless host and a development build answer `off`, with the reason.
 */

export const UPDATE_PHASES = [
  /** No updates here: a development build, the headless host, a Linux install with no updatable package. */
  'off',
  /** Nothing found yet (or not asked yet). */
  'idle',
  'checking',
  /** The last check found nothing newer than this version. */
  'current',
  'downloading',
  /** Downloaded and verified: installs at the next restart. */
  'ready',
  /** The last check or download failed (offline, feed unreachable, a file that failed its checksum). */
  'failed',
] as const;

export const UpdateStateSchema = z.object({
  phase: z.enum(UPDATE_PHASES),
  /** The running app's version. */
  currentVersion: z.string(),
  /** The version found, downloading or ready; null when none is. */
  version: z.string().nullable(),
  /** Download progress 0–100 while `downloading`. */
  percent: z.number().min(0).max(100).nullable(),
  /** The creator asked to restart while a render ran: the app restarts when the queue has none running. */
  restartWhenIdle: z.boolean(),
  /** One sentence: why updates are off, or what failed and what to do. */
  message: z.string().nullable(),
  /** When the last check finished (ISO time); null before the first. */
  checkedAt: z.string().nullable(),
});
export type UpdateState = z.output<typeof UpdateStateSchema>;

export const UPDATE_REQUESTS = {
  'updates:get': requestChannel(NoPayload, UpdateStateSchema),
  /** Asks the feed now (Settings → Updates' button; Help → Check for Updates… does the same); answers once the check has an outcome. */
  'updates:check': requestChannel(NoPayload, UpdateStateSchema),
  /**
   * Restarts into the downloaded update. While a render runs the answer has
   * `restartWhenIdle: true` and the restart waits for the queue; the render is never cut short.
   */
  'updates:restart': requestChannel(NoPayload, UpdateStateSchema),
} as const;

export const UPDATE_EVENTS = {
  /** Any change of phase, progress or the waiting restart. */
  'updates:changed': UpdateStateSchema,
} as const;
