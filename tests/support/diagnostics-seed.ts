import { randomUUID } from 'node:crypto';
import type { Library } from '../../src-main/app/library/open-library.js';

/**
 * Rows for the diagnostics tests, written straight into a real library: a photo asset, a
 * project per job, jobs in each state with their times and errors. Rendering for real
 * would take minutes and say nothing more about how diagnostics reads them.
 */

export interface SeededJob {
  state: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
  /** Wall time of the last attempt, for finished jobs. */
  durationMs?: number;
  finishedAt?: number;
  errorCode?: string;
  errorMessage?: string;
  request?: unknown;
  renderReport?: unknown;
}

const PHOTO_HASH = 'a'.repeat(64);

export function seedJobs(library: Library, jobs: readonly SeededJob[], now = Date.now()): string[] {
  library.sqlite.prepare('INSERT OR IGNORE INTO assets (hash, path, size, mime, created_at) VALUES (?, ?, ?, ?, ?)').run(PHOTO_HASH, `assets/aa/aa/${PHOTO_HASH}.jpg`, 1000, 'image/jpeg', now);
  const ids: string[] = [];
  jobs.forEach((job, index) => {
    const projectId = randomUUID();
    const jobId = randomUUID();
    const finishedAt = job.finishedAt ?? now - (jobs.length - index) * 60_000;
    const ended = job.state === 'completed' || job.state === 'failed' || job.state === 'cancelled';
    library.sqlite
      .prepare('INSERT INTO projects (id, type, status, title, photo_asset, error_code, error_message, render_report, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        projectId,
        'educational',
        job.state === 'completed' ? 'completed' : job.state === 'failed' ? 'failed' : 'pending',
        `Lesson ${index + 1}`,
        PHOTO_HASH,
        job.errorCode ?? null,
        job.errorMessage ?? null,
        job.renderReport === undefined ? null : JSON.stringify(job.renderReport),
        now,
        now,
      );
    library.sqlite
      .prepare(
        `INSERT INTO jobs (id, project_id, state, request, attempts, next_run_at, last_error_code, last_error_message, created_at, updated_at, started_at, finished_at)
         VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        jobId,
        projectId,
        job.state,
        JSON.stringify(job.request ?? { width: 360, height: 640 }),
        now,
        job.errorCode ?? null,
        job.errorMessage ?? null,
        now,
        now,
        ended ? finishedAt - (job.durationMs ?? 10_000) : null,
        ended ? finishedAt : null,
      );
    ids.push(jobId);
  });
  return ids;
}
