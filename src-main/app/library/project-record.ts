import { eq } from 'drizzle-orm';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import type { WorkflowType } from '../../../src-shared/limits.js';
import type { RenderReport } from '../../../src-shared/report.js';
import { findAssets, type AssetRef } from './assets.js';
import { readKit, type Kit } from './kits.js';
import type { Library } from './open-library.js';
import type { ProviderUse, QualityScores, StageTimings } from './project-input.js';
import { projects, type ProjectStatus } from './schema.js';

/** What the library tells callers about a project: plain JSON, dates as ISO strings. */

export interface PhotoMetadata {
  /** The file name the creator chose, e.g. `me.jpg`. */
  name: string;
  format: string;
  bytes: number;
  /** Upright size, EXIF orientation applied. */
  width: number;
  height: number;
  /** The face the creator picked to talk (largest first); absent: the largest. */
  faceIndex?: number;
}

/**
 * The render settings a creator chose for a project (the Create form's size, captions,
 * trim, cover title and motion controls; `tp render`'s flags), kept with the project so a
 * Retry, a Render again and a duplicate render what was asked for. Absent: the engine's.
 */
export interface RenderSettings {
  width?: number;
  height?: number;
  fps?: number;
  verify?: boolean;
  faceIndex?: number;
  /** Only the controls the creator set; the quality gate may adjust the rest. */
  motion?: Partial<{ expressiveness: number; headMotion: number; blinkRate: number; mood: 'neutral' | 'warm' | 'serious' }>;
  burnCaptions?: boolean;
  trim?: boolean;
  coverTitle?: boolean;
  rawVoice?: boolean;
}

export interface ProjectError {
  code: string;
  message: string;
}

export interface Project {
  id: string;
  type: WorkflowType;
  status: ProjectStatus;
  title: string;
  description: string;
  photo: AssetRef;
  photoMetadata: PhotoMetadata | null;
  script: string | null;
  language: string;
  /** The voice id the script is spoken with (voice-catalog.ts); null: the language's default. */
  voice: string | null;
  audio: AssetRef | null;
  /** The creator kept the recording's raw take: its renders skip the cleanup. False without a recording. */
  rawVoice: boolean;
  /** Null: the creator set no target. */
  targetDurationS: number | null;
  platforms: string[];
  /** What its renders ask for (size, captions, motion…); null until first queued. */
  renderSettings: RenderSettings | null;
  enhancedPhoto: AssetRef | null;
  video: AssetRef | null;
  renderReport: RenderReport | null;
  kit: Kit | null;
  qualityScores: QualityScores | null;
  estimatedCostUsd: number | null;
  actualCostUsd: number | null;
  costBreakdown: Record<string, number> | null;
  stageTimings: StageTimings | null;
  providersUsed: ProviderUse[] | null;
  error: ProjectError | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

/** One row of the library list: enough for a card, without the script or the report. */
export interface ProjectSummary {
  id: string;
  type: WorkflowType;
  status: ProjectStatus;
  title: string;
  /** The script's first characters, for the card. */
  scriptExcerpt: string | null;
  language: string;
  /** Null: the creator set no target. */
  targetDurationS: number | null;
  platforms: string[];
  photo: AssetRef;
  video: AssetRef | null;
  hasKit: boolean;
  error: ProjectError | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

export type ProjectRow = typeof projects.$inferSelect;

export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

function notFound(id: string): TalkingPhotoError {
  return new TalkingPhotoError('PROJECT_NOT_FOUND', 'This project is no longer in your library: it may have been deleted, so refresh the list.', {
    detail: `project ${id}`,
  });
}

export function projectRow(library: Library, id: string): ProjectRow {
  const row = library.db.select().from(projects).where(eq(projects.id, id)).get();
  if (!row) throw notFound(id);
  return row;
}

export function getProject(library: Library, id: string): Project {
  return toProject(library, projectRow(library, id));
}

export function toProject(library: Library, row: ProjectRow): Project {
  const refs = findAssets(
    library,
    [row.photoAsset, row.audioAsset, row.enhancedAsset, row.videoAsset].filter((h): h is string => h !== null),
  );
  const ref = (hash: string | null): AssetRef | null => (hash === null ? null : (refs.get(hash) ?? null));
  const photo = refs.get(row.photoAsset);
  // The foreign key makes this impossible unless the database was edited by hand.
  if (!photo) throw new Error(`project ${row.id} refers to missing photo asset ${row.photoAsset}`);
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    title: row.title,
    description: row.description,
    photo,
    photoMetadata: (row.photoMetadata as PhotoMetadata | null) ?? null,
    script: row.script,
    language: row.language,
    voice: row.voice,
    audio: ref(row.audioAsset),
    rawVoice: row.rawVoice,
    targetDurationS: row.targetDurationS,
    platforms: row.platforms,
    renderSettings: (row.renderSettings as RenderSettings | null) ?? null,
    enhancedPhoto: ref(row.enhancedAsset),
    video: ref(row.videoAsset),
    renderReport: (row.renderReport as RenderReport | null) ?? null,
    kit: row.kitId === null ? null : readKit(library, row.kitId),
    qualityScores: (row.qualityScores as QualityScores | null) ?? null,
    estimatedCostUsd: row.estimatedCostUsd,
    actualCostUsd: row.actualCostUsd,
    costBreakdown: (row.costBreakdown as Record<string, number> | null) ?? null,
    stageTimings: (row.stageTimings as StageTimings | null) ?? null,
    providersUsed: (row.providersUsed as ProviderUse[] | null) ?? null,
    error: row.errorCode === null ? null : { code: row.errorCode, message: row.errorMessage ?? '' },
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    startedAt: isoOrNull(row.startedAt),
    completedAt: isoOrNull(row.completedAt),
  };
}
