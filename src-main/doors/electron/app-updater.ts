import type { AppUpdater, ProgressInfo, UpdateDownloadedEvent, UpdateInfo } from 'electron-updater';
import type { UpdateState } from '../../../src-shared/ipc/update-channels.js';
import type { AppUpdates } from '../../app/ipc/update-service.js';
import type { RenderQueue } from '../../app/queue/render-queue.js';
import { updateFailureSentence } from './update-feed.js';

/**
 * Drives electron-updater for the desktop app: a quiet check a minute after start and
 * every few hours, a background download that electron-updater verifies against the
 * feed's sha512 (and, on Windows, the installer's Authenticode publisher: update-feed.ts
 * lists what each OS checks), then "Restart to update" in the window. The restart never
 * cuts a render short: while one runs it waits for the queue, and before quitting the
 * queue is told to start nothing more (queued jobs stay in the library for the new
 * version). Only types come from electron-updater here, so this runs and is tested in
 * plain Node with the library's own updater classes.
 */

/** What the restart needs from the render queue. */
export interface RenderActivity {
  /** Renders running now. */
  running(): number;
  /** Called after each render ends, however it ended; returns an unsubscribe. */
  onRenderEnded(listener: () => void): () => void;
  /**
   * The queue starts no further render (its running ones have ended). Synchronous in its
   * effect: the queue is closed before the call returns, even though it resolves later.
   */
  hold(): Promise<void>;
}

/** The render queue as the restart sees it: the library's running jobs, its `finished` event, its `stop()`. */
export function queueActivity(queue: Pick<RenderQueue, 'jobs' | 'on' | 'off' | 'stop'>): RenderActivity {
  return {
    running: () => queue.jobs().filter((job) => job.state === 'running').length,
    onRenderEnded: (listener) => {
      const ended = (): void => listener();
      queue.on('finished', ended);
      return () => {
        queue.off('finished', ended);
      };
    },
    hold: () => queue.stop(),
  };
}

/** The parts of electron-updater's AppUpdater this driver uses. */
export type UpdaterLibrary = Pick<AppUpdater, 'autoDownload' | 'autoInstallOnAppQuit' | 'disableWebInstaller' | 'allowDowngrade' | 'logger' | 'checkForUpdates' | 'quitAndInstall' | 'on'>;

interface LogLike {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

/** Background checks: quiet, after start-up has settled, then a few times a day. */
export const FIRST_CHECK_MS = 60_000;
export const CHECK_EVERY_MS = 6 * 60 * 60_000;

export interface DesktopUpdatesOptions {
  updater: UpdaterLibrary;
  currentVersion: string;
  renders: RenderActivity;
  log: LogLike;
  now?: () => Date;
  timers?: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout; setInterval: typeof setInterval; clearInterval: typeof clearInterval };
}

export class DesktopUpdates implements AppUpdates {
  private current: UpdateState;
  private readonly listeners = new Set<(state: UpdateState) => void>();
  private checking: Promise<UpdateState> | null = null;
  private stopWaiting: (() => void) | null = null;
  private firstCheck: ReturnType<typeof setTimeout> | undefined;
  private everyCheck: ReturnType<typeof setInterval> | undefined;
  private readonly timers: NonNullable<DesktopUpdatesOptions['timers']>;

  constructor(private readonly options: DesktopUpdatesOptions) {
    this.current = { phase: 'idle', currentVersion: options.currentVersion, version: null, percent: null, restartWhenIdle: false, message: null, checkedAt: null };
    this.timers = options.timers ?? { setTimeout, clearTimeout, setInterval, clearInterval };
    const { updater, log } = options;
    updater.autoDownload = true;
    // Quitting installs a downloaded update too; quitting has already stopped the renders.
    updater.autoInstallOnAppQuit = true;
    // We publish full installers only: a web installer's package would be one more download to trust.
    updater.disableWebInstaller = true;
    updater.allowDowngrade = false;
    updater.logger = {
      info: (message?: unknown) => log.info('updater', { message: String(message) }),
      warn: (message?: unknown) => log.warn('updater', { message: String(message) }),
      error: (message?: unknown) => log.warn('updater failed', { message: String(message) }),
    };
    updater.on('checking-for-update', () => {
      if (this.current.phase !== 'ready' && this.current.phase !== 'downloading') this.set({ phase: 'checking', message: null });
    });
    updater.on('update-available', (info: UpdateInfo) => this.set({ phase: 'downloading', version: info.version, percent: 0, message: null }));
    updater.on('download-progress', (progress: ProgressInfo) => {
      if (this.current.phase === 'downloading') this.set({ percent: Math.max(0, Math.min(100, Math.round(progress.percent))) });
    });
    updater.on('update-not-available', () => this.set({ phase: 'current', version: null, percent: null, message: null, checkedAt: this.stamp() }));
    updater.on('update-downloaded', (event: UpdateDownloadedEvent) => {
      log.info('update ready', { version: event.version });
      this.set({ phase: 'ready', version: event.version, percent: null, message: null, checkedAt: this.stamp() });
    });
    updater.on('error', (error: Error) => {
      const code = (error as { code?: unknown }).code;
      log.warn('update failed', { code: typeof code === 'string' ? code : undefined, message: error.message });
      // A verified download on disk stays installable whatever a later check says.
      if (this.current.phase === 'ready') return;
      this.set({ phase: 'failed', percent: null, message: updateFailureSentence(error), checkedAt: this.stamp() });
    });
  }

  /** Starts the background checks. */
  start(): void {
    this.firstCheck = this.timers.setTimeout(() => void this.check(), FIRST_CHECK_MS);
    this.everyCheck = this.timers.setInterval(() => void this.check(), CHECK_EVERY_MS);
    this.firstCheck.unref?.();
    this.everyCheck.unref?.();
  }

  stop(): void {
    this.timers.clearTimeout(this.firstCheck);
    this.timers.clearInterval(this.everyCheck);
    this.stopWaiting?.();
    this.stopWaiting = null;
  }

  state(): UpdateState {
    return this.current;
  }

  onChange(listener: (state: UpdateState) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  check(): Promise<UpdateState> {
    // A download under way or done needs no new answer from the feed.
    if (this.current.phase === 'ready' || this.current.phase === 'downloading') return Promise.resolve(this.current);
    this.checking ??= this.askFeed().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  async restart(): Promise<UpdateState> {
    if (this.current.phase !== 'ready') return this.current;
    const { renders, log } = this.options;
    if (renders.running() > 0) {
      if (!this.stopWaiting) {
        log.info('update waits for the running render');
        this.stopWaiting = renders.onRenderEnded(() => {
          if (renders.running() === 0) this.install();
        });
      }
      this.set({ restartWhenIdle: true });
      return this.current;
    }
    this.install();
    return this.current;
  }

  private async askFeed(): Promise<UpdateState> {
    try {
      const result = await this.options.updater.checkForUpdates();
      // The download's failure reaches us as the 'error' event; unobserved here it would be an unhandled rejection.
      void result?.downloadPromise?.catch(() => undefined);
      if (result === null) this.set({ phase: 'failed', message: 'This copy of TalkingPhoto cannot update itself: install the latest version from the website.', checkedAt: this.stamp() });
    } catch {
      // Already told through the 'error' event, which set the sentence.
    }
    return this.current;
  }

  private install(): void {
    this.stopWaiting?.();
    this.stopWaiting = null;
    // Before anything can yield: a queued job must not start between here and the quit.
    void this.options.renders.hold();
    this.options.log.info('restarting into the update', { version: this.current.version });
    this.set({ restartWhenIdle: false });
    // Silent, then the new version starts by itself: the creator asked for exactly this restart.
    this.options.updater.quitAndInstall(true, true);
  }

  private stamp(): string {
    return (this.options.now ?? (() => new Date()))().toISOString();
  }

  private set(change: Partial<UpdateState>): void {
    this.current = { ...this.current, ...change };
    for (const listener of this.listeners) listener(this.current);
  }
}

/** What Help → Check for Updates… tells the creator once the check has an outcome. */
export function checkOutcome(state: UpdateState): { title: string; detail: string } {
  const named = state.version ? `TalkingPhoto ${state.version}` : 'The update';
  switch (state.phase) {
    case 'current':
      return { title: 'TalkingPhoto is up to date', detail: `Version ${state.currentVersion} is the latest.` };
    case 'downloading':
      return { title: `${named} is downloading`, detail: 'You can keep working: the window offers a restart when it is ready.' };
    case 'ready':
      return {
        title: `${named} is ready`,
        detail: state.restartWhenIdle ? 'It installs as soon as the running render finishes.' : 'Restart from the window’s “Restart to update”, or it installs when you quit.',
      };
    case 'off':
    case 'failed':
      return { title: 'No update was installed', detail: state.message ?? 'Try again later.' };
    case 'idle':
    case 'checking':
      return { title: 'Checking for updates', detail: 'The answer appears in the window.' };
  }
}
