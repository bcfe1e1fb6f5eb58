import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { ProviderId } from '../../../src-shared/providers.js';
import { isHealthSignal, OPEN_JOB_STATES, type AttemptRecord, type CachedResult, type ProviderJob, type ProviderLedger } from '../../cloud/providers/ledger.js';
import type { OutputBody } from '../../cloud/providers/provider-types.js';
import { stageFile } from './assets.js';
import type { Library } from './open-library.js';
import { providerCache, providerHealth, providerJobs, usageEvents } from './schema.js';

/**
 * The router's memory in the library (issue 7): every attempt in the provider health log
 * and the spending table, async jobs in flight, and results already paid for. Cached
 * files live in the data folder's cache/ (anything there may go; a row whose file is gone
 * is a miss), named by their sha256 so two requests with the same result share a file.
 */

/** usage_events.kind of a provider attempt; its cost counts towards the budget and the daily cap. */
export const PROVIDER_ATTEMPT_EVENT = 'provider_attempt';

const CACHE_FOLDER = 'providers';

/** Extensions for the types providers answer with; anything else is kept as .bin. */
const EXTENSION_BY_MIME: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/ogg': 'ogg',
  'audio/mp4': 'm4a',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
};

type JobRow = typeof providerJobs.$inferSelect;

function jobFrom(row: JobRow): ProviderJob {
  return {
    provider: row.provider as ProviderId,
    jobId: row.jobId,
    projectId: row.projectId,
    capability: row.capability,
    requestHash: row.requestHash,
    state: row.state,
    resultPath: row.resultPath,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export class LibraryProviderLedger implements ProviderLedger {
  constructor(
    private readonly library: Library,
    private readonly now: () => number = Date.now,
  ) {}

  recordAttempt(attempt: AttemptRecord): void {
    const { db } = this.library;
    this.library.transaction(() => {
      if (isHealthSignal(attempt)) {
        db.insert(providerHealth)
          .values({
            provider: attempt.provider,
            capability: attempt.capability,
            ok: attempt.outcome !== 'failed',
            latencyMs: Math.round(attempt.latencyMs),
            errorCode: attempt.outcome === 'failed' ? attempt.reason : null,
            errorMessage: attempt.outcome === 'failed' ? attempt.message : null,
            createdAt: attempt.at,
          })
          .run();
      }
      const { provider, capability, projectId, chargedUsd, at, ...details } = attempt;
      db.insert(usageEvents).values({ kind: PROVIDER_ATTEMPT_EVENT, projectId, provider, capability, costUsd: chargedUsd, details, createdAt: at }).run();
    });
  }

  spentUsd(filter: { since?: number; projectId?: string }): number {
    const conditions = [filter.since === undefined ? undefined : gte(usageEvents.createdAt, filter.since), filter.projectId === undefined ? undefined : eq(usageEvents.projectId, filter.projectId)];
    const row = this.library.db
      .select({ total: sql<number>`coalesce(sum(${usageEvents.costUsd}), 0)` })
      .from(usageEvents)
      .where(and(...conditions))
      .get();
    return row?.total ?? 0;
  }

  recentHealth(provider: ProviderId, limit: number): Array<{ ok: boolean; errorKind: string | null; at: number }> {
    return this.library.db
      .select({ ok: providerHealth.ok, errorKind: providerHealth.errorCode, at: providerHealth.createdAt })
      .from(providerHealth)
      .where(eq(providerHealth.provider, provider))
      .orderBy(desc(providerHealth.createdAt), desc(providerHealth.id))
      .limit(limit)
      .all();
  }

  saveJob(job: Pick<ProviderJob, 'provider' | 'jobId' | 'projectId' | 'capability' | 'requestHash'>): void {
    const now = this.now();
    this.library.db
      .insert(providerJobs)
      .values({ ...job, state: 'submitted', createdAt: now, updatedAt: now })
      .run();
  }

  updateJob(provider: ProviderId, jobId: string, change: { state: ProviderJob['state']; resultPath?: string | null }): void {
    this.library.db
      .update(providerJobs)
      .set({ state: change.state, ...(change.resultPath === undefined ? {} : { resultPath: change.resultPath }), updatedAt: this.now() })
      .where(and(eq(providerJobs.provider, provider), eq(providerJobs.jobId, jobId)))
      .run();
  }

  openJob(provider: ProviderId, requestHash: string): ProviderJob | undefined {
    const row = this.library.db
      .select()
      .from(providerJobs)
      .where(and(eq(providerJobs.requestHash, requestHash), eq(providerJobs.provider, provider), inArray(providerJobs.state, [...OPEN_JOB_STATES])))
      .orderBy(desc(providerJobs.createdAt), desc(providerJobs.id))
      .limit(1)
      .get();
    return row ? jobFrom(row) : undefined;
  }

  openJobs(): ProviderJob[] {
    return this.library.db
      .select()
      .from(providerJobs)
      .where(inArray(providerJobs.state, [...OPEN_JOB_STATES]))
      .orderBy(providerJobs.createdAt)
      .all()
      .map(jobFrom);
  }

  cachedResult(key: string): CachedResult | undefined {
    const row = this.library.db.select().from(providerCache).where(eq(providerCache.key, key)).get();
    if (!row) return undefined;
    const outputs = row.files.map((f) => ({ ...f, file: this.absolute(f.path) }));
    const intact = outputs.every((o) => existsSync(o.file) && statSync(o.file).size === o.size);
    if (!intact) {
      this.forgetCachedResult(key);
      return undefined;
    }
    return { key, provider: row.provider as ProviderId, capability: row.capability, outputs, words: row.words ?? null, createdAt: row.createdAt };
  }

  async storeCachedResult(key: string, entry: Parameters<ProviderLedger['storeCachedResult']>[1]): Promise<CachedResult> {
    const files: Array<{ path: string; sha256: string; mime: string; size: number }> = [];
    for (const output of entry.outputs) files.push(await this.storeFile(output));
    const row = { key, provider: entry.provider, capability: entry.capability, files, words: entry.words ?? null, createdAt: this.now() };
    this.library.db
      .insert(providerCache)
      .values(row)
      .onConflictDoUpdate({ target: providerCache.key, set: { provider: row.provider, capability: row.capability, files, words: row.words, createdAt: row.createdAt } })
      .run();
    return { ...row, outputs: files.map((f) => ({ ...f, file: this.absolute(f.path) })) };
  }

  forgetCachedResult(key: string): void {
    const row = this.library.db.select({ files: providerCache.files }).from(providerCache).where(eq(providerCache.key, key)).get();
    if (!row) return;
    this.library.db.delete(providerCache).where(eq(providerCache.key, key)).run();
    for (const file of row.files) {
      // The same bytes may be another request's result too: the file goes with its last row.
      const shared = this.library.sqlite.prepare("SELECT 1 FROM provider_cache, json_each(provider_cache.files) WHERE json_extract(json_each.value, '$.path') = ? LIMIT 1").get(file.path);
      if (!shared) rmSync(this.absolute(file.path), { force: true });
    }
  }

  private absolute(relative: string): string {
    return path.join(this.library.dataDir, ...relative.split('/'));
  }

  /** Writes one output under cache/providers/ by its sha256, through tmp/ so a crash leaves no half file. */
  private async storeFile(output: OutputBody): Promise<{ path: string; sha256: string; mime: string; size: number }> {
    let staged: { tmpFile: string; hash: string; size: number };
    if ('data' in output) {
      await mkdir(this.library.paths.tmp, { recursive: true });
      const tmpFile = path.join(this.library.paths.tmp, `${randomUUID()}.partial`);
      await writeFile(tmpFile, output.data, { flag: 'wx' });
      staged = { tmpFile, hash: createHash('sha256').update(output.data).digest('hex'), size: output.data.length };
    } else {
      staged = await stageFile(this.library, output.file, { mime: output.mime });
    }
    try {
      const cacheFolder = path.relative(this.library.dataDir, this.library.paths.cache).split(path.sep).join('/');
      const relative = `${cacheFolder}/${CACHE_FOLDER}/${staged.hash.slice(0, 2)}/${staged.hash}.${EXTENSION_BY_MIME[output.mime] ?? 'bin'}`;
      const target = this.absolute(relative);
      mkdirSync(path.dirname(target), { recursive: true });
      renameSync(staged.tmpFile, target);
      return { path: relative, sha256: staged.hash, mime: output.mime, size: staged.size };
    } finally {
      await rm(staged.tmpFile, { force: true });
    }
  }
}
