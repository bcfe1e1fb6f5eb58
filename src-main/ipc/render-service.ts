import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { TalkingPhotoError, isTalkingPhotoError } from '../../src-shared/errors.js';
import type { EventInput } from '../../src-shared/ipc/contract.js';
import type { RenderProgress, RenderRequest, ResolvedRenderRequest } from '../../src-shared/render.js';
import type { RenderReport } from '../../src-shared/report.js';
import type { MediaFolders } from '../media-access/media-access.js';
import { cancelled } from '../media/run-process.js';
import type { RenderHooks } from '../pipeline/render-project.js';
import type { EventHub } from './event-hub.js';
import { describeError, type Log } from './json-log.js';
import type { PlatformShell } from './platform-shell.js';

/**
 * Renders started over IPC: one at a time (the queue will lift that), each with an id,
 * progress and the outcome pushed as events. A finished render's files are shared with
 * the window through MediaFolders, and only those files.
 */

export type RenderProjectFn = (request: RenderRequest, hooks: RenderHooks) => Promise<RenderReport>;

export interface RenderServiceOptions {
  shell: PlatformShell;
  events: EventHub;
  media: MediaFolders;
  log: Log;
  /** The engine; the IPC tests stand in a fake. Loaded on first use otherwise. */
  renderProject?: RenderProjectFn;
}

const FAILED_MESSAGE = 'Something went wrong while making the video: try again, and report it if it happens twice.';
/** "Show in folder" works for this many of the latest renders; older ones are forgotten. */
const REMEMBERED_RENDERS = 50;

export class RenderService {
  private running: { id: string; controller: AbortController; settled: Promise<void> } | null = null;
  /** Finished renders of this session: id → the video's path. */
  private readonly videos = new Map<string, string>();

  constructor(private readonly options: RenderServiceOptions) {}

  get activeRenderId(): string | null {
    return this.running?.id ?? null;
  }

  /** Checks and starts a render; answers at once. Throws RENDER_BUSY or the shell's path refusal. */
  start(request: ResolvedRenderRequest): { renderId: string } {
    if (this.running) throw new TalkingPhotoError('RENDER_BUSY', 'A video is already being made: wait for it to finish or cancel it first.');
    this.options.shell.checkRenderPaths(request);
    const id = randomBytes(9).toString('base64url');
    const controller = new AbortController();
    // Started on the next turn of the event loop, so the `{ renderId }` answer leaves
    // before the first progress event and a window always knows whose progress it is.
    const settled = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.run(id, request, controller.signal))
      .then((finished) => {
        // Cleared before the event goes out, so a window may start the next render the moment it hears.
        if (this.running?.id === id) this.running = null;
        this.options.events.emit('render:finished', finished);
      });
    this.running = { id, controller, settled };
    return { renderId: id };
  }

  cancel(renderId: string): { cancelled: boolean } {
    if (this.running?.id !== renderId) return { cancelled: false };
    this.running.controller.abort();
    return { cancelled: true };
  }

  /** The finished video's path, for "Show in folder". */
  videoOf(renderId: string): string {
    const video = this.videos.get(renderId);
    if (!video) throw new TalkingPhotoError('FILE_NOT_FOUND', 'That video was not made in this session: find it in the folder you saved it to.');
    return video;
  }

  /** Cancels a running render and waits until its processes are gone. */
  async shutdown(): Promise<void> {
    const running = this.running;
    running?.controller.abort();
    await running?.settled;
  }

  private async run(renderId: string, request: ResolvedRenderRequest, signal: AbortSignal): Promise<EventInput<'render:finished'>> {
    const { events, log } = this.options;
    // The engine may report every frame; a window needs a message only when the whole percent moves.
    let lastSent = '';
    const onProgress = (progress: RenderProgress): void => {
      const key = `${progress.stage}:${Math.floor(progress.percent)}`;
      if (key === lastSent) return;
      lastSent = key;
      events.emit('render:progress', { renderId, stage: progress.stage, percent: progress.percent, message: progress.message });
    };
    try {
      // Loaded on first use: the engine pulls in sharp and the face model, which would delay start-up.
      // Each render runs in its own process: the window's main thread never waits on a frame.
      const render = this.options.renderProject ?? (await import('../queue/render-process.js')).renderInChildProcess;
      // Cancelled before it began: the engine only watches for an abort that happens while it runs.
      if (signal.aborted) throw cancelled();
      const report = await render(request, { onProgress, signal });
      const outDir = path.resolve(request.outDir);
      const root = await this.options.media.allow(outDir, { only: [report.files.video, report.files.enhancedPhoto, report.files.report] });
      this.remember(renderId, path.join(outDir, report.files.video));
      log.info('render finished', { renderId, totalMs: report.totalMs });
      return { renderId, ok: true, report, outDir, video: { root, path: report.files.video } };
    } catch (error) {
      if (isTalkingPhotoError(error)) {
        log.info('render refused', { renderId, code: error.code, detail: error.detail });
        return { renderId, ok: false, error: { code: error.code, message: error.message } };
      }
      log.error('render crashed', { renderId, error: describeError(error) });
      return { renderId, ok: false, error: { code: 'UNEXPECTED', message: FAILED_MESSAGE } };
    }
  }

  private remember(renderId: string, video: string): void {
    this.videos.set(renderId, video);
    for (const oldest of this.videos.keys()) {
      if (this.videos.size <= REMEMBERED_RENDERS) break;
      this.videos.delete(oldest);
    }
  }
}
