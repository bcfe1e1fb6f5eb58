import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, lte } from 'drizzle-orm';
import type { Library } from '../library/index.js';
import { jobs, projects } from '../library/schema.js';
import type { ProjectStatus, RenderSettings } from '../library/index.js';

/** What a job asks for besides the project itself: the creator's render settings, and the plan's watermark. */
export interface JobOptions extends RenderSettings {
  /** The free plan's watermark; main sets it from the plan at each render, never the window. */
  watermark?: boolean;
}

export type JobRow = typeof jobs.$inferSelect;

/** SPEC §4: priority by tier, enterprise > pro > starter > free. */
export const TIER_PRIORITY = { free: 0, starter: 1, pro: 2, enterprise: 3 } as const;
export type Tier = keyof typeof TIER_PRIORITY;

/** The queue's rows in the library: every state change is one small transaction. */
export class JobStore {
  constructor(
    private readonly library: Library,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Queues a render of the project. The settings given win, one by one, over those the
   * project keeps from its last render (a Retry or Render again names none), and the
   * result is kept with the project, in the same transaction, for the next render and
   * for a duplicate. `motion` is one setting: a new choice replaces the whole of the last.
   */
  add(projectId: string, options: JobOptions, priority: number): JobRow {
    const now = this.now();
    const id = randomUUID();
    const { watermark, ...given } = options;
    this.library.transaction(() => {
      const kept = this.library.db.select({ settings: projects.renderSettings }).from(projects).where(eq(projects.id, projectId)).get();
      const chosen = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
      const settings: RenderSettings = { ...((kept?.settings as RenderSettings | null) ?? {}), ...chosen };
      const request: JobOptions = { ...settings, ...(watermark !== undefined ? { watermark } : {}) };
      this.library.db.insert(jobs).values({ id, projectId, priority, request, nextRunAt: now, createdAt: now, updatedAt: now }).run();
      this.library.db.update(projects).set({ renderSettings: settings, status: 'pending', updatedAt: now }).where(eq(projects.id, projectId)).run();
    });
    return this.get(id)!;
  }

  get(id: string): JobRow | undefined {
    return this.library.db.select().from(jobs).where(eq(jobs.id, id)).get();
  }

  list(): JobRow[] {
    return this.library.db.select().from(jobs).orderBy(asc(jobs.createdAt)).all();
  }

  /** The next runnable job, highest priority first, oldest first within a priority. */
  next(): JobRow | undefined {
    return this.library.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.state, 'queued'), lte(jobs.nextRunAt, this.now())))
      .orderBy(desc(jobs.priority), asc(jobs.createdAt))
      .limit(1)
      .get();
  }

  /** Earliest time a queued job becomes runnable (for a retry timer). */
  nextWakeAt(): number | undefined {
    return this.library.db.select({ at: jobs.nextRunAt }).from(jobs).where(eq(jobs.state, 'queued')).orderBy(asc(jobs.nextRunAt)).limit(1).get()?.at;
  }

  /** Claims a queued job for this process; false if someone else took it first. */
  claim(id: string, owner: string): boolean {
    const now = this.now();
    return this.library.transaction(() => {
      const row = this.get(id);
      if (!row || row.state !== 'queued') return false;
      this.library.db
        .update(jobs)
        .set({ state: 'running', attempts: row.attempts + 1, leaseOwner: owner, startedAt: now, heartbeatAt: now, updatedAt: now })
        .where(eq(jobs.id, id))
        .run();
      this.setProjectStatus(row.projectId, 'processing');
      return true;
    });
  }

  finish(id: string, state: 'completed' | 'failed' | 'cancelled', error?: { code: string; message: string }): void {
    this.release(id, { state, finishedAt: this.now() }, error, (projectId, now) => {
      // A completed project's fields were written by importRender with the video itself.
      if (state === 'completed') return;
      this.library.db
        .update(projects)
        .set({ status: state, errorCode: error?.code ?? null, errorMessage: error?.message ?? null, updatedAt: now })
        .where(eq(projects.id, projectId))
        .run();
    });
  }

  retryLater(id: string, at: number, error: { code: string; message: string }): void {
    this.release(id, { state: 'queued', nextRunAt: at }, error, (projectId) => this.setProjectStatus(projectId, 'pending'));
  }

  /** Ends this process's hold on a job, in one transaction with what it means for the project. */
  private release(id: string, fields: Partial<typeof jobs.$inferInsert>, error: { code: string; message: string } | undefined, onProject: (projectId: string, now: number) => void): void {
    const now = this.now();
    this.library.transaction(() => {
      const row = this.get(id);
      if (!row) return;
      this.library.db
        .update(jobs)
        .set({ ...fields, leaseOwner: null, updatedAt: now, lastErrorCode: error?.code ?? null, lastErrorMessage: error?.message ?? null })
        .where(eq(jobs.id, id))
        .run();
      onProject(row.projectId, now);
    });
  }

  /**
   * Jobs left `running` by a process that died (power loss, kill -9): back to the queue,
   * or failed if that was their last attempt. Returns the ids put back.
   */
  recoverInterrupted(): string[] {
    const interrupted = this.library.db.select().from(jobs).where(eq(jobs.state, 'running')).all();
    const requeued: string[] = [];
    for (const row of interrupted) {
      if (row.attempts >= row.maxAttempts) {
        this.finish(row.id, 'failed', { code: 'RENDER_FAILED', message: 'The render stopped several times before it could finish: try again, or try a shorter script.' });
      } else {
        this.retryLater(row.id, this.now(), { code: 'INTERRUPTED', message: 'The app closed while this was rendering.' });
        requeued.push(row.id);
      }
    }
    return requeued;
  }

  private setProjectStatus(projectId: string, status: ProjectStatus): void {
    this.library.db.update(projects).set({ status, updatedAt: this.now() }).where(eq(projects.id, projectId)).run();
  }
}
