import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { isRetryable, isTalkingPhotoError, TalkingPhotoError } from '../../../src-shared/errors.js';
import type { RenderProgress, RenderRequest } from '../../../src-shared/render.js';
import type { RenderReport } from '../../../src-shared/report.js';
import { isPlatformId } from '../../../src-shared/platforms.js';
import { DEFAULT_TARGET_SECONDS } from '../../../src-shared/library.js';
import { assetFile, dataFolderProblem, getProject, importKit, importRender, type Library } from '../library/index.js';
import { JobStore, TIER_PRIORITY, type JobOptions, type JobRow, type Tier } from './job-store.js';
import { estimateVoiceSeconds, RenderEta, renderShape, type PastRender, type RenderShape } from './render-eta.js';
import { renderInChildProcess } from './render-process.js';
import { moduleLog } from '../log/process-log.js';
import { videoPoster } from '../library/video-poster.js';

export type RenderRunner = (request: RenderRequest, hooks: { onProgress?: (p: RenderProgress) => void; signal?: AbortSignal; jobId?: string }) => Promise<RenderReport>;

const log = moduleLog('queue');

export interface QueueProgress extends RenderProgress {
  jobId: string;
  projectId: string;
  /** Milliseconds left for this job, from this machine's past renders. */
  etaMs: number;
}

export interface QueueFinished {
  jobId: string;
  projectId: string;
  state: 'completed' | 'failed' | 'cancelled' | 'retrying';
  error?: { code: string; message: string };
}

export interface RenderQueueOptions {
  library: Library;
  /** Renders at once. One by default: a render already keeps two cores busy. */
  concurrency?: number;
  run?: RenderRunner;
  now?: () => number;
  /** Delay before retry n (1-based): exponential with ±20% jitter by default. */
  backoffMs?: (attempt: number) => number;
}

function defaultBackoff(attempt: number): number {
  const base = 2000 * 2 ** (attempt - 1);
  return base * (0.8 + Math.random() * 0.4);
}

/**
 * The persistent render queue (replaces Celery + Redis): jobs live in the library, run
 * in child processes by priority, retry transient failures with backoff, and survive a
 * crash: on start, whatever was running is queued again and its half-written files go.
 */
export class RenderQueue extends EventEmitter<{ progress: [QueueProgress]; finished: [QueueFinished]; idle: [] }> {
  private readonly store: JobStore;
  private readonly owner = randomUUID();
  private readonly running = new Map<string, AbortController>();
  private readonly eta = new RenderEta();
  /** The last ETA each running job reported, for the wait a new job would have. */
  private readonly remaining = new Map<string, number>();
  private readonly concurrency: number;
  private readonly run: RenderRunner;
  private readonly backoff: (attempt: number) => number;
  private wakeTimer: NodeJS.Timeout | undefined;
  private started = false;

  constructor(private readonly options: RenderQueueOptions) {
    super();
    this.store = new JobStore(options.library, options.now);
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.run = options.run ?? renderInChildProcess;
    this.backoff = options.backoffMs ?? defaultBackoff;
  }

  /** Recovers interrupted jobs, learns this machine's speed from past renders, and starts running. */
  async start(): Promise<void> {
    // Recovery requeues every "running" job: under another owner those are its live renders.
    if (this.options.library.access !== 'owner') {
      throw new TalkingPhotoError('LIBRARY_IN_USE', 'This library is open in another TalkingPhoto process, which runs its renders: close it first, then try again.', {
        detail: `render queue on a ${this.options.library.access} library in ${this.options.library.dataDir}`,
      });
    }
    this.started = true;
    for (const past of this.pastRenders()) this.eta.learn(past);
    for (const id of this.store.recoverInterrupted()) await this.removeWorkFiles(id);
    this.pump();
  }

  /** Stops taking jobs; running renders are cancelled and stay queued for the next start. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    for (const controller of this.running.values()) controller.abort('shutdown');
    await this.whenIdle();
  }

  enqueue(projectId: string, options: JobOptions & { tier?: Tier } = {}): JobRow {
    const { tier, ...jobOptions } = options;
    // A render again (Retry, Render again) asks only for the project: the settings the
    // creator chose for it stay (job-store.ts add), rather than quietly falling back to the defaults.
    const job = this.store.add(projectId, jobOptions, TIER_PRIORITY[tier ?? 'free']);
    this.pump();
    return job;
  }

  cancel(jobId: string): void {
    const controller = this.running.get(jobId);
    if (controller) controller.abort('cancel');
    else if (this.store.get(jobId)?.state === 'queued') {
      this.store.finish(jobId, 'cancelled', { code: 'CANCELLED', message: 'The render was cancelled.' });
      this.emit('finished', { jobId, projectId: this.store.get(jobId)!.projectId, state: 'cancelled' });
    }
  }

  /** Expected milliseconds for a whole render of this shape on this machine. */
  estimateMs(shape: RenderShape): number {
    return this.eta.totalMs(shape);
  }

  /**
   * How long a job queued now would wait before it starts: what runs and what is queued,
   * shared among the workers. Rough by nature (a higher tier's job may still go first).
   */
  waitMs(): number {
    let total = 0;
    for (const id of this.running.keys()) total += this.remaining.get(id) ?? 0;
    for (const job of this.store.list()) {
      if (job.state !== 'queued') continue;
      try {
        total += this.estimateMs(this.requestFor(job).shape);
      } catch {
        // A job whose project is gone fails as soon as it runs: it costs no time.
      }
    }
    return total / this.concurrency;
  }

  /** Resolves when nothing is running (cancelled renders have cleaned up). */
  async whenIdle(): Promise<void> {
    while (this.running.size) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  jobs(): JobRow[] {
    return this.store.list();
  }

  /** The last renders recorded in the library, oldest first, for the ETA. */
  private pastRenders(): PastRender[] {
    const rows = this.options.library.sqlite
      .prepare("SELECT render_report AS report FROM projects WHERE status = 'completed' AND render_report IS NOT NULL ORDER BY completed_at DESC LIMIT 30")
      .all() as Array<{ report: string }>;
    return rows
      .reverse()
      .map((row) => JSON.parse(row.report) as RenderReport)
      .filter((report) => Array.isArray(report.stages) && report.voice && report.output)
      .map((report) => pastRenderOf(report));
  }

  private pump(): void {
    if (!this.started) return;
    while (this.running.size < this.concurrency) {
      const job = this.store.next();
      if (!job) break;
      if (!this.store.claim(job.id, this.owner)) continue;
      void this.execute(this.store.get(job.id)!);
    }
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    const wakeAt = this.store.nextWakeAt();
    const now = (this.options.now ?? Date.now)();
    if (wakeAt !== undefined && this.running.size < this.concurrency) {
      this.wakeTimer = setTimeout(() => this.pump(), Math.max(10, wakeAt - now));
      this.wakeTimer.unref();
    }
    if (this.running.size === 0 && wakeAt === undefined) this.emit('idle');
  }

  private workDir(jobId: string): string {
    return path.join(this.options.library.paths.tmp, `render-${jobId}`);
  }

  /**
   * The video's first frame for the Result screen's player (video-poster.ts), made as the
   * render finishes so the screen opens on it. A poster that cannot be made is only noted:
   * the video is fine, and the screen asks for it again.
   */
  private async makePoster(projectId: string): Promise<void> {
    const video = getProject(this.options.library, projectId).video;
    if (!video) return;
    await videoPoster(this.options.library, video).catch((error: unknown) =>
      log.warn('video poster not made', { projectId, code: (error as { code?: string }).code ?? 'unknown', detail: (error as { detail?: string }).detail }),
    );
  }

  private async removeWorkFiles(jobId: string): Promise<void> {
    await rm(this.workDir(jobId), { recursive: true, force: true });
  }

  private requestFor(job: JobRow): { request: RenderRequest; shape: RenderShape } {
    const project = getProject(this.options.library, job.projectId);
    const options = (job.request ?? {}) as JobOptions;
    const platforms = project.platforms.filter(isPlatformId);
    const request: RenderRequest = {
      photoPath: assetFile(this.options.library, project.photo),
      ...(project.audio
        ? {
            audioPath: assetFile(this.options.library, project.audio),
            ...(project.script?.trim() ? { transcript: project.script } : {}),
            // The raw take kept when the project was made; a job's own choice wins.
            ...(project.rawVoice ? { rawVoice: true } : {}),
          }
        : { script: project.script ?? '', ...(project.voice !== null ? { voice: project.voice } : {}) }),
      language: project.language as RenderRequest['language'],
      outDir: this.workDir(job.id),
      // The project's platforms make its export kit, titled and worded for its workflow.
      platforms,
      ...(project.title.trim() ? { title: project.title } : {}),
      workflowType: project.type,
      // The face the creator picked in the Create form; a job's own choice wins.
      ...(project.photoMetadata?.faceIndex !== undefined ? { faceIndex: project.photoMetadata.faceIndex } : {}),
      // Its provider spending is the project's, within the tier's per-project budget.
      projectId: project.id,
      ...options,
    };
    // A recording's length is not stored: its target, else the spec's default length, is the guess.
    const voiceSeconds = project.script ? estimateVoiceSeconds(project.script) : (project.targetDurationS ?? DEFAULT_TARGET_SECONDS);
    return { request, shape: renderShape({ voiceSeconds, platforms: platforms.length, width: options.width, height: options.height, verify: options.verify }) };
  }

  private async execute(job: JobRow): Promise<void> {
    const controller = new AbortController();
    this.running.set(job.id, controller);
    let outcome: QueueFinished;
    try {
      const { request, shape } = this.requestFor(job);
      const left = this.eta.progress(shape);
      const started = performance.now();
      log.info('job started', { jobId: job.id, projectId: job.projectId, attempt: job.attempts });
      const report = await this.run(request, {
        jobId: job.id,
        signal: controller.signal,
        onProgress: (progress) => {
          const etaMs = Math.round(left.update(progress.stage, progress.percent));
          this.remaining.set(job.id, etaMs);
          this.emit('progress', { ...progress, jobId: job.id, projectId: job.projectId, etaMs });
        },
      });
      // Recording the result twice (a crash between these lines) replaces, never duplicates.
      await importRender(this.options.library, job.projectId, request.outDir);
      if (report.kit) await importKit(this.options.library, job.projectId, request.outDir);
      await this.makePoster(job.projectId);
      this.store.finish(job.id, 'completed');
      // The wall time as the queue saw it: the render process's start-up belongs to the ETA too.
      this.eta.learn({ ...pastRenderOf(report), totalMs: Math.round(performance.now() - started) });
      outcome = { jobId: job.id, projectId: job.projectId, state: 'completed' };
    } catch (error) {
      outcome = this.settleFailure(job, error, controller.signal.reason);
    } finally {
      this.running.delete(job.id);
      this.remaining.delete(job.id);
      await this.removeWorkFiles(job.id);
    }
    const fields = { jobId: job.id, projectId: job.projectId, state: outcome.state, ...(outcome.error ? { code: outcome.error.code } : {}) };
    if (outcome.state === 'failed') log.warn('job finished', fields);
    else log.info('job finished', fields);
    this.emit('finished', outcome);
    this.pump();
  }

  private settleFailure(job: JobRow, thrown: unknown, abortReason: unknown): QueueFinished {
    const error = dataFolderProblem(thrown, this.options.library.dataDir) ?? thrown;
    const code = isTalkingPhotoError(error) ? error.code : 'UNEXPECTED';
    const message = isTalkingPhotoError(error) ? error.message : 'Something went wrong while rendering.';
    const base = { jobId: job.id, projectId: job.projectId };
    if (abortReason === 'shutdown') {
      this.store.retryLater(job.id, (this.options.now ?? Date.now)(), { code: 'INTERRUPTED', message: 'The app closed while this was rendering.' });
      return { ...base, state: 'retrying' };
    }
    if (code === 'CANCELLED' || abortReason === 'cancel') {
      this.store.finish(job.id, 'cancelled', { code: 'CANCELLED', message: 'The render was cancelled.' });
      return { ...base, state: 'cancelled' };
    }
    const attempts = this.store.get(job.id)?.attempts ?? job.attempts;
    // Each code says where it is declared whether a retry can help (src-shared/errors.ts).
    if (!isRetryable(code) || attempts >= job.maxAttempts) {
      this.store.finish(job.id, 'failed', { code, message });
      return { ...base, state: 'failed', error: { code, message } };
    }
    this.store.retryLater(job.id, (this.options.now ?? Date.now)() + this.backoff(attempts), { code, message });
    return { ...base, state: 'retrying', error: { code, message } };
  }
}

function pastRenderOf(report: RenderReport): PastRender {
  return {
    stages: report.stages,
    voiceSeconds: report.voice.durationS,
    width: report.output.width,
    height: report.output.height,
    verified: report.quality.video !== undefined,
    totalMs: report.totalMs,
  };
}
