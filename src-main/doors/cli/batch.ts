import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isTalkingPhotoError } from '../../../src-shared/errors.js';
import { assetFile, createProject, getProject, openLibrary } from '../../app/library/index.js';
import { assertPlanAllowsProject, noteProjectCreated, readLicense } from '../../app/licensing/license.js';
import type { JobOptions } from '../../app/queue/job-store.js';
import { RenderQueue } from '../../app/queue/render-queue.js';
import { noteSpendAlertsOf } from './spend-alert-cli.js';
import { readBatchFile, type BatchRow } from './batch-csv.js';

export interface BatchOptions extends JobOptions {
  outDir?: string;
  /** Progress lines go here (stderr in the CLI). */
  log?: (line: string) => void;
}

export interface BatchResult {
  row: number;
  title: string;
  status: 'completed' | 'failed' | 'cancelled';
  reason?: string;
  video?: string;
  projectId?: string;
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'video'
  );
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

function csvCell(value: string | number | undefined): string {
  const text = String(value ?? '');
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * `tp batch FILE.csv`: one project and one queued render per row, into the library, with
 * overall progress and ETA; one bad row never stops the others. Finished videos are
 * copied to the output folder beside a summary (CSV and JSON) of every row's outcome.
 */
export async function runBatch(csvFile: string, options: BatchOptions = {}): Promise<BatchResult[]> {
  const log = options.log ?? (() => undefined);
  const rows = await readBatchFile(csvFile);
  const outDir = path.resolve(options.outDir ?? path.join(path.dirname(csvFile), `${path.basename(csvFile, path.extname(csvFile))}-videos`));
  // Owned, as it runs a queue: refused (LIBRARY_IN_USE) while the app or a host has the library.
  const library = openLibrary({ holder: 'batch' });
  const results = new Map<number, BatchResult>();
  const jobRows = new Map<string, BatchRow>();
  const { outDir: _ignored, log: _log, ...jobOptions } = options;
  // The plan this computer holds decides how many projects a month, the watermark and the
  // queue priority, for a batch as for the app.
  const license = readLicense(library);
  const queue = new RenderQueue({ library });
  // SPEC §2's 80 % daily alert, said as a row's cloud calls cross it.
  noteSpendAlertsOf(queue, library, log);
  try {
    for (const row of rows) {
      if (!row.project) {
        results.set(row.row, { row: row.row, title: row.title, status: 'failed', reason: row.problem });
        continue;
      }
      try {
        assertPlanAllowsProject(library);
        const project = await createProject(library, row.project);
        noteProjectCreated(library, project.id);
        // A row's motion columns win over the command line's flags, control by control.
        const motion = { ...jobOptions.motion, ...row.motion };
        const job = queue.enqueue(project.id, { ...jobOptions, ...(Object.keys(motion).length ? { motion } : {}), tier: license.tier, watermark: license.watermark });
        jobRows.set(job.id, row);
      } catch (error) {
        results.set(row.row, { row: row.row, title: row.title, status: 'failed', reason: isTalkingPhotoError(error) ? error.message : (error as Error).message });
      }
    }
    const total = jobRows.size;
    let finished = 0;
    const started = Date.now();
    let lastLine = 0;
    queue.on('progress', (p) => {
      if (Date.now() - lastLine < 1000) return;
      lastLine = Date.now();
      const averageJob = finished ? (Date.now() - started) / finished : undefined;
      const eta = p.etaMs + (total - finished - 1) * (averageJob ?? p.etaMs);
      log(`[${finished + 1}/${total}] ${jobRows.get(p.jobId)?.title ?? ''}: ${p.message} ${Math.round(p.percent)}% — about ${duration(eta)} left`);
    });
    const done = new Promise<void>((resolve) => {
      if (total === 0) resolve();
      queue.on('finished', (f) => {
        const row = jobRows.get(f.jobId);
        // Jobs queued earlier by the app run too, but are not this batch's rows.
        if (f.state === 'retrying' || !row) return;
        finished++;
        results.set(row.row, { row: row.row, title: row.title, status: f.state, reason: f.error?.message, projectId: f.projectId });
        log(`[${finished}/${total}] ${row.title}: ${f.state}${f.error ? ` (${f.error.message})` : ''}`);
        if (finished === total) resolve();
      });
    });
    await queue.start();
    await done;
    await mkdir(outDir, { recursive: true });
    for (const result of results.values()) {
      if (result.status !== 'completed' || !result.projectId) continue;
      const project = getProject(library, result.projectId);
      if (!project.video) continue;
      const target = path.join(outDir, `${String(result.row).padStart(3, '0')}-${slug(result.title)}.mp4`);
      await copyFile(assetFile(library, project.video), `${target}.part`);
      await rename(`${target}.part`, target);
      result.video = target;
    }
    const ordered = [...results.values()].sort((a, b) => a.row - b.row);
    await writeFile(path.join(outDir, 'summary.json'), JSON.stringify(ordered, null, 2) + '\n');
    await writeFile(path.join(outDir, 'summary.csv'), ['row,title,status,reason,video', ...ordered.map((r) => [r.row, r.title, r.status, r.reason, r.video].map(csvCell).join(','))].join('\n') + '\n');
    log(`${ordered.filter((r) => r.status === 'completed').length} of ${ordered.length} rows rendered; summary in ${path.join(outDir, 'summary.csv')}`);
    return ordered;
  } finally {
    await queue.stop();
    library.close();
  }
}
