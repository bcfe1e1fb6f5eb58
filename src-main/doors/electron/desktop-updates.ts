import { readFileSync } from 'node:fs';
import path from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import electronUpdater from 'electron-updater';
import { updatesOff, type AppUpdates } from '../../app/ipc/update-service.js';
import type { RenderQueue } from '../../app/queue/render-queue.js';
import { checkOutcome, DesktopUpdates, queueActivity, type RenderActivity } from './app-updater.js';
import { UPDATE_CHECKS, updatesOffReason } from './update-feed.js';

/**
 * Electron's side of the app's updates: electron-updater's `autoUpdater` for this OS
 * (it reads resources/app-update.yml, written from electron-builder.yml's publish block)
 * handed to DesktopUpdates, and the dialog Help → Check for Updates… answers with.
 * The logic is in app-updater.ts and update-feed.ts.
 */

interface LogLike {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

/** electron-builder's marker inside a .deb install (electron-updater reads the same file). */
function packageType(): string | null {
  try {
    return readFileSync(path.join(process.resourcesPath, 'package-type'), 'utf8').trim();
  } catch {
    return null;
  }
}

export function desktopUpdates(input: { log: LogLike; queue: () => RenderQueue }): AppUpdates & { start(): void } {
  const version = app.getVersion();
  const reason = updatesOffReason({ packaged: app.isPackaged, platform: process.platform, env: process.env, packageType: app.isPackaged ? packageType() : null });
  if (reason) {
    input.log.info('updates off', { reason });
    return { ...updatesOff(version, reason), start: () => undefined };
  }
  // The queue exists once the services do; the restart asks it only later.
  const renders: RenderActivity = {
    running: () => queueActivity(input.queue()).running(),
    onRenderEnded: (listener) => queueActivity(input.queue()).onRenderEnded(listener),
    hold: () => queueActivity(input.queue()).hold(),
  };
  const platform = process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux';
  input.log.info('updates on', { checks: UPDATE_CHECKS[platform] });
  return new DesktopUpdates({ updater: electronUpdater.autoUpdater, currentVersion: version, renders, log: input.log });
}

/** Help → Check for Updates…: asks now and says what came of it. */
export async function checkFromMenu(updates: AppUpdates, window: BrowserWindow | null): Promise<void> {
  const { title, detail } = checkOutcome(await updates.check());
  const options = { type: 'info' as const, message: title, detail, buttons: ['OK'] };
  await (window && !window.isDestroyed() ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
}
