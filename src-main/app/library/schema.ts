import { sql, type SQL } from 'drizzle-orm';
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { WORKFLOW_TYPES } from '../../../src-shared/limits.js';
import { CAPABILITIES, PROVIDER_JOB_STATES } from '../../../src-shared/providers.js';

/**
 * The library's tables. drizzle-kit turns changes here into a new numbered migration in
 * `drizzle/` (`npx drizzle-kit generate`); released migrations are never edited.
 * Timestamps are milliseconds since the epoch (UTC); money is US dollars (SPEC §2 prices).
 */

export {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_TARGET_SECONDS,
  JOB_STATES,
  MAX_TARGET_SECONDS,
  MIN_TARGET_SECONDS,
  PROJECT_STATUSES,
  TEMPLATE_DIFFICULTIES,
  type JobState,
  type ProjectStatus,
} from '../../../src-shared/library.js';
import { DEFAULT_MAX_ATTEMPTS, JOB_STATES, MAX_TARGET_SECONDS, MIN_TARGET_SECONDS, PROJECT_STATUSES, TEMPLATE_DIFFICULTIES } from '../../../src-shared/library.js';

const oneOf = (column: SQLiteColumn, values: readonly string[]): SQL => sql`${column} IN (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;

/** Content-addressed files: one row (and one file) per distinct content, however many projects use it. */
export const assets = sqliteTable('assets', {
  /** sha256 of the bytes, lowercase hex. */
  hash: text('hash').primaryKey(),
  /** Relative to the data folder, forward slashes: `assets/ab/cd/<hash>.<ext>`. */
  path: text('path').notNull().unique(),
  size: integer('size').notNull(),
  mime: text('mime').notNull(),
  createdAt: integer('created_at').notNull(),
});

/**
 * One project = one seed "workflow". An asset is referenced by column, never counted:
 * whether a file may go is asked of the rows themselves, so a count can never drift.
 * Full-text search (drizzle/0001_project_search.sql) hangs triggers on this table: a
 * migration that rebuilds it must recreate them (openLibrary refuses to run without).
 */
export const projects = sqliteTable(
  'projects',
  {
    /**
     * Stable integer key the full-text index points at. An INTEGER PRIMARY KEY never
     * changes, whereas the hidden rowid of a text-keyed table may be renumbered by VACUUM.
     */
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    /** What every caller uses: a UUID. */
    id: text('id').notNull().unique(),
    type: text('type', { enum: WORKFLOW_TYPES }).notNull(),
    status: text('status', { enum: PROJECT_STATUSES }).notNull().default('pending'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    photoAsset: text('photo_asset')
      .notNull()
      .references(() => assets.hash),
    /** Format, size and original file name of the photo; never EXIF or GPS. */
    photoMetadata: text('photo_metadata', { mode: 'json' }),
    /** Null when the creator brought a recording instead. */
    script: text('script'),
    language: text('language').notNull().default('en'),
    /** The offline voice id the script is spoken with (src-main/engine/voice/voice-catalog.ts); null: the language's default. */
    voice: text('voice'),
    audioAsset: text('audio_asset').references(() => assets.hash),
    /** The creator kept their recording's raw take: its renders skip the cleanup (RenderRequest `rawVoice`). */
    rawVoice: integer('raw_voice', { mode: 'boolean' }).notNull().default(false),
    /** The video's length the creator aimed for, 1–60 s; null when they set none. */
    targetDurationS: integer('target_duration_s'),
    /** Platform ids the kit is made for, e.g. ["tiktok","youtube-shorts"]. */
    platforms: text('platforms', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    /**
     * The render settings the creator last chose (size, captions, trim, cover title, motion:
     * src-main/app/queue/job-store.ts RenderSettings), so a Retry, a Render again and a duplicate
     * render what was asked for; null until the project is first queued.
     */
    renderSettings: text('render_settings', { mode: 'json' }),
    enhancedAsset: text('enhanced_asset').references(() => assets.hash),
    videoAsset: text('video_asset').references(() => assets.hash),
    /** The render's report.json: word timings for captions, measured lip sync, tools used. */
    renderReport: text('render_report', { mode: 'json' }),
    /** The current export kit. */
    kitId: text('kit_id').references((): AnySQLiteColumn => kits.id, { onDelete: 'set null' }),
    qualityScores: text('quality_scores', { mode: 'json' }),
    estimatedCostUsd: real('estimated_cost_usd'),
    actualCostUsd: real('actual_cost_usd'),
    costBreakdown: text('cost_breakdown', { mode: 'json' }),
    stageTimings: text('stage_timings', { mode: 'json' }),
    providersUsed: text('providers_used', { mode: 'json' }),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    startedAt: integer('started_at'),
    completedAt: integer('completed_at'),
  },
  (t) => [
    check('projects_status', oneOf(t.status, PROJECT_STATUSES)),
    check('projects_type', oneOf(t.type, WORKFLOW_TYPES)),
    check('projects_target_duration', sql`${t.targetDurationS} BETWEEN ${sql.raw(String(MIN_TARGET_SECONDS))} AND ${sql.raw(String(MAX_TARGET_SECONDS))}`),
    // (sort key, id): the library list pages by these pairs, newest first, straight off the index.
    index('projects_created').on(t.createdAt, t.id),
    index('projects_updated').on(t.updatedAt, t.id),
    index('projects_title').on(sql`${t.title} COLLATE NOCASE`, t.id),
    index('projects_status').on(t.status),
    index('projects_type').on(t.type),
    // Asked on every delete: "does anything else still use this file?"
    index('projects_photo_asset').on(t.photoAsset),
    index('projects_audio_asset').on(t.audioAsset),
    index('projects_enhanced_asset').on(t.enhancedAsset),
    index('projects_video_asset').on(t.videoAsset),
  ],
);

/** An export kit made for a project (SPEC §3); its files are assets like any other. */
export const kits = sqliteTable(
  'kits',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references((): AnySQLiteColumn => projects.id, { onDelete: 'cascade' }),
    platforms: text('platforms', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    /** The kit's manifest.json as written by the kit builder. */
    manifest: text('manifest', { mode: 'json' }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('kits_project').on(t.projectId)],
);

export const kitFiles = sqliteTable(
  'kit_files',
  {
    kitId: text('kit_id')
      .notNull()
      .references(() => kits.id, { onDelete: 'cascade' }),
    /** Path inside the kit, e.g. `tiktok/captions.srt`. */
    name: text('name').notNull(),
    platform: text('platform'),
    assetHash: text('asset_hash')
      .notNull()
      .references(() => assets.hash),
  },
  (t) => [primaryKey({ columns: [t.kitId, t.name] }), index('kit_files_asset').on(t.assetHash)],
);

/** Seed `export_templates`: "do it elsewhere" guides, workflow type × platform × template. */
export const exportTemplates = sqliteTable(
  'export_templates',
  {
    id: text('id').primaryKey(),
    workflowType: text('workflow_type', { enum: WORKFLOW_TYPES }).notNull(),
    platform: text('platform').notNull(),
    templateName: text('template_name').notNull(),
    /** Plain text, never HTML (SPEC §6: nothing is rendered as HTML). */
    instructions: text('instructions').notNull(),
    promptTemplate: text('prompt_template'),
    settings: text('settings', { mode: 'json' }),
    assetsRequired: text('assets_required', { mode: 'json' }).$type<string[]>(),
    difficulty: text('difficulty', { enum: TEMPLATE_DIFFICULTIES }).notNull().default('beginner'),
    estimatedMinutes: integer('estimated_minutes'),
    toolsRequired: text('tools_required', { mode: 'json' }).$type<string[]>(),
    usageCount: integer('usage_count').notNull().default(0),
    /** Percent of uses that led to a finished video. */
    successRate: real('success_rate'),
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [check('export_templates_difficulty', oneOf(t.difficulty, TEMPLATE_DIFFICULTIES)), uniqueIndex('export_templates_unique').on(t.workflowType, t.platform, t.templateName)],
);

/** The persistent render queue (replaces Celery + Redis). */
export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    state: text('state', { enum: JOB_STATES }).notNull().default('queued'),
    /** Higher runs first; the queue maps tiers onto it (enterprise > pro > free). */
    priority: integer('priority').notNull().default(0),
    /** What to run, e.g. the render request, so a restart can pick the job up again. */
    request: text('request', { mode: 'json' }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(DEFAULT_MAX_ATTEMPTS),
    /** Not before this time: retry backoff. */
    nextRunAt: integer('next_run_at').notNull(),
    /** Which running process holds the job, until when; an expired lease means it died. */
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: integer('lease_expires_at'),
    heartbeatAt: integer('heartbeat_at'),
    /** Last finished stage and what it left behind, to resume after a crash. */
    checkpoint: text('checkpoint', { mode: 'json' }),
    lastErrorCode: text('last_error_code'),
    lastErrorMessage: text('last_error_message'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
  },
  (t) => [check('jobs_state', oneOf(t.state, JOB_STATES)), index('jobs_next').on(t.state, t.priority, t.nextRunAt), index('jobs_project').on(t.projectId)],
);

/** Local analytics and spending (SPEC §2 daily cap, §6 local and opt-in). */
export const usageEvents = sqliteTable(
  'usage_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    /** Kept when the project is deleted (spending history), but no longer pointing at it. */
    projectId: text('project_id').references(() => projects.id, { onDelete: 'set null' }),
    provider: text('provider'),
    capability: text('capability'),
    units: real('units'),
    costUsd: real('cost_usd').notNull().default(0),
    details: text('details', { mode: 'json' }),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('usage_events_created').on(t.createdAt), index('usage_events_provider').on(t.provider, t.createdAt)],
);

/** Seed `system_health`, per provider: feeds circuit breakers and the status screen. */
export const providerHealth = sqliteTable(
  'provider_health',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    provider: text('provider').notNull(),
    capability: text('capability'),
    ok: integer('ok', { mode: 'boolean' }).notNull(),
    latencyMs: integer('latency_ms'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('provider_health_provider').on(t.provider, t.createdAt)],
);

/**
 * Cloud jobs that run on the provider's side (submit, then poll). The row is written the
 * moment the provider gives its job id, before the first poll, so a restart polls the
 * same job again instead of paying for a second (issue 7 "Async jobs").
 */
export const providerJobs = sqliteTable(
  'provider_jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    provider: text('provider').notNull(),
    /** The provider's own id for the job. */
    jobId: text('job_id').notNull(),
    /** Kept when the project is deleted: the job may still be running and billed. */
    projectId: text('project_id').references(() => projects.id, { onDelete: 'set null' }),
    capability: text('capability', { enum: CAPABILITIES }).notNull(),
    /** The request's cache key (src-main/cloud/providers/cache-key.ts): how a rerun finds its job. */
    requestHash: text('request_hash').notNull(),
    state: text('state', { enum: PROVIDER_JOB_STATES }).notNull(),
    /** The stored result, relative to the data folder; null until done. */
    resultPath: text('result_path'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    check('provider_jobs_state', oneOf(t.state, PROVIDER_JOB_STATES)),
    check('provider_jobs_capability', oneOf(t.capability, CAPABILITIES)),
    uniqueIndex('provider_jobs_job').on(t.provider, t.jobId),
    index('provider_jobs_request').on(t.requestHash, t.provider, t.state),
  ],
);

/**
 * Results a provider already delivered, by request (cache key): an identical request is
 * served from here without a call. The files live in the data folder's cache/ folder, so
 * a row whose files are gone is a miss, never an error.
 */
export const providerCache = sqliteTable(
  'provider_cache',
  {
    key: text('key').primaryKey(),
    provider: text('provider').notNull(),
    capability: text('capability', { enum: CAPABILITIES }).notNull(),
    /** The result's files in order: path relative to the data folder, sha256, mime, size. */
    files: text('files', { mode: 'json' }).$type<Array<{ path: string; sha256: string; mime: string; size: number }>>().notNull(),
    /** Speech: word timings for captions. */
    words: text('words', { mode: 'json' }).$type<Array<{ word: string; startS: number; endS: number }>>(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [check('provider_cache_capability', oneOf(t.capability, CAPABILITIES)), index('provider_cache_provider').on(t.provider)],
);

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * Files whose rows are gone but which are not yet unlinked. Queued in the same
 * transaction that drops the row and emptied after the unlink, so a crash in between
 * leaves a note for the next open instead of an orphaned file.
 */
export const fileRemovals = sqliteTable('file_removals', {
  /** Relative to the data folder. */
  path: text('path').primaryKey(),
  queuedAt: integer('queued_at').notNull(),
});
