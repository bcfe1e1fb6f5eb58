import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import type { WorkflowType } from '../../../src-shared/limits.js';
import { intakePhoto } from '../../engine/intake/photo-intake.js';
import { writeJpeg } from '../../engine/intake/jpeg-writer.js';
import { flushFileRemovals, removeUnusedAssets, stageFile, withPlacedAssets, type StagedFile } from './assets.js';
import type { Library } from './open-library.js';
import { NewProjectSchema, ProjectChangesSchema, parseInput, type NewProject, type ProjectChanges } from './project-input.js';
import { getProject, projectRow, type PhotoMetadata, type Project, type RenderSettings } from './project-record.js';
import { kitFiles, kits, projects } from './schema.js';
import { resolveVoice } from '../../engine/voice/voice-catalog.js';

/** Making, changing, copying and deleting projects. Listing lives in project-list.ts. */

/** `now` replaces the clock: for importing older projects, and for tests. */
export interface Clock {
  now?: number;
}

/** A project's row from inputs already in the library (the photo imported, the input checked). */
export interface ProjectRecordInput {
  type: WorkflowType;
  title?: string;
  description?: string;
  script?: string | null;
  language?: string;
  /** A voice id already checked against the language (see `checkVoice`). */
  voice?: string | null;
  targetDurationS?: number | null;
  platforms?: string[];
  estimatedCostUsd?: number;
  /** sha256 of a photo asset already in the library. */
  photoHash: string;
  photoMetadata?: PhotoMetadata | null;
  audioHash?: string | null;
  /** With a recording: keep its raw take (no cleanup) whenever it is rendered. */
  rawVoice?: boolean;
  /** What its renders ask for (a duplicate's are its source's). */
  renderSettings?: RenderSettings | null;
}

const UNTITLED = 'Untitled project';
/** Long enough for "Spring sale: 30% off running shoes", short enough for a card. */
const DEFAULT_TITLE_CHARS = 60;

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function defaultTitle(script: string | null | undefined, photoName: string | undefined): string {
  const firstLine = script?.trim().split(/\r?\n/)[0]?.trim();
  if (firstLine) return shorten(firstLine, DEFAULT_TITLE_CHARS);
  const name = photoName ? path.parse(photoName).name.trim() : '';
  return name ? shorten(name, DEFAULT_TITLE_CHARS) : UNTITLED;
}

/**
 * Inserts a project row for assets already in the library and returns its id. Synchronous,
 * so many can go in one transaction (imports, the benchmark); `createProject` is the
 * front door for creator input.
 */
export function createProjectRecord(library: Library, input: ProjectRecordInput, clock: Clock = {}): string {
  const now = clock.now ?? Date.now();
  const id = randomUUID();
  library.db
    .insert(projects)
    .values({
      id,
      type: input.type,
      status: 'pending',
      title: input.title ?? defaultTitle(input.script, input.photoMetadata?.name),
      description: input.description ?? '',
      photoAsset: input.photoHash,
      photoMetadata: input.photoMetadata ?? null,
      script: input.script ?? null,
      language: input.language ?? 'en',
      voice: input.voice ?? null,
      audioAsset: input.audioHash ?? null,
      // Only a recording has a take to keep raw.
      rawVoice: (input.audioHash ?? null) !== null && input.rawVoice === true,
      targetDurationS: input.targetDurationS ?? null,
      platforms: input.platforms ?? [],
      renderSettings: input.renderSettings ?? null,
      estimatedCostUsd: input.estimatedCostUsd ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  return id;
}

/**
 * The stored form of a creator's voice pick: the catalog's id for this language (ids are
 * matched case-insensitively), or null for the language's default. An id the language
 * has no voice for is refused with the engine's VOICE_UNKNOWN sentence.
 */
function checkVoice(language: string, voice: string | null | undefined): string | null {
  if (voice === undefined || voice === null) return null;
  return resolveVoice(language, voice).id;
}

/** What main knows of the photo beyond its path: a dropped file's own name, the creator's pick of face. */
export interface PhotoChoice {
  name?: string;
  faceIndex?: number;
}

/**
 * A new project from the creator's photo (and script or recording). The photo goes
 * through intake first, so a file that is not a usable photo is refused with the same
 * sentence the renderer would give, before anything is stored.
 */
export async function createProject(library: Library, input: NewProject, clock: Clock = {}, choice: PhotoChoice = {}): Promise<Project> {
  const parsed = parseInput(NewProjectSchema, input, 'project');
  // Refused now, with the engine's own sentence, rather than when the queue renders it.
  const fields = { ...parsed, voice: checkVoice(parsed.language, parsed.voice) };
  return library.exclusive(async () => {
    const staged: StagedFile[] = [];
    let photoMetadata: PhotoMetadata;
    try {
      const original = await stageFile(library, fields.photoPath);
      staged.push(original);
      // Checked on the staged copy: what is stored is exactly what was checked.
      const photo = await intakePhoto(original.tmpFile);
      photoMetadata = {
        name: choice.name ?? path.basename(fields.photoPath),
        format: photo.format,
        bytes: photo.bytes,
        width: photo.original.width,
        height: photo.original.height,
        ...(choice.faceIndex !== undefined ? { faceIndex: choice.faceIndex } : {}),
      };
      // SPEC §6: nothing we write keeps GPS or camera metadata. The library stores the
      // upright, sRGB, metadata-free picture intake produced (JPEG q95 4:4:4, visually
      // lossless); sharp encodes deterministically, so the same photo still dedupes.
      const clean = path.join(library.paths.tmp, `photo-${randomUUID()}.jpg`);
      try {
        await writeJpeg(photo.rgb, photo.width, photo.height, clean, 95);
        staged[0] = await stageFile(library, clean);
      } finally {
        await rm(original.tmpFile, { force: true });
        await rm(clean, { force: true });
      }
      if (fields.audioPath !== undefined) {
        const audio = await stageFile(library, fields.audioPath);
        staged.push(audio);
        if (!/^(audio|video)\//.test(audio.mime)) {
          throw new TalkingPhotoError('NOT_AN_AUDIO_FILE', 'This file is not a voice recording: choose a WAV, MP3, M4A, OGG or WebM file.', {
            detail: `${fields.audioPath}: ${audio.mime}`,
          });
        }
      }
    } catch (error) {
      await Promise.all(staged.map((s) => rm(s.tmpFile, { force: true })));
      throw error;
    }
    const id = withPlacedAssets(library, staged, ([photo, audio]) => {
      if (!photo) throw new Error('photo was not placed');
      const { photoPath: _photo, audioPath: _audio, ...rest } = fields;
      return createProjectRecord(library, { ...rest, photoHash: photo.hash, photoMetadata, audioHash: audio?.hash ?? null }, clock);
    });
    return getProject(library, id);
  });
}

/**
 * Changes what the creator or the queue may change. Status changes stamp their times:
 * `processing` sets startedAt, `completed` sets completedAt, and both clear an old error.
 */
export function updateProject(library: Library, id: string, changes: ProjectChanges, clock: Clock = {}): Project {
  const c = parseInput(ProjectChangesSchema, changes, 'project changes');
  const now = clock.now ?? Date.now();
  library.transaction(() => {
    const current = projectRow(library, id);
    const values: Partial<typeof projects.$inferInsert> = { updatedAt: now };
    if (c.type !== undefined) values.type = c.type;
    if (c.title !== undefined) values.title = c.title;
    if (c.description !== undefined) values.description = c.description;
    if (c.script !== undefined) values.script = c.script;
    if (c.language !== undefined) values.language = c.language;
    if (c.voice !== undefined || (c.language !== undefined && current.voice !== null)) {
      // A new language must still have the project's voice (or the voice must change with it).
      values.voice = checkVoice(c.language ?? current.language, c.voice === undefined ? current.voice : c.voice);
    }
    if (c.targetDurationS !== undefined) values.targetDurationS = c.targetDurationS;
    if (c.platforms !== undefined) values.platforms = c.platforms;
    if (c.estimatedCostUsd !== undefined) values.estimatedCostUsd = c.estimatedCostUsd;
    if (c.actualCostUsd !== undefined) values.actualCostUsd = c.actualCostUsd;
    if (c.costBreakdown !== undefined) values.costBreakdown = c.costBreakdown;
    if (c.qualityScores !== undefined) values.qualityScores = c.qualityScores;
    if (c.stageTimings !== undefined) values.stageTimings = c.stageTimings;
    if (c.providersUsed !== undefined) values.providersUsed = c.providersUsed;
    if (c.status !== undefined && c.status !== current.status) {
      values.status = c.status;
      if (c.status === 'processing') values.startedAt = now;
      if (c.status === 'completed') values.completedAt = now;
      if (c.status === 'processing' || c.status === 'completed') {
        values.errorCode = null;
        values.errorMessage = null;
      }
    }
    if (c.error !== undefined) {
      values.errorCode = c.error?.code ?? null;
      values.errorMessage = c.error?.message ?? null;
    }
    library.db.update(projects).set(values).where(eq(projects.id, id)).run();
  });
  return getProject(library, id);
}

/**
 * A new pending project with the same photo, script or recording and settings, ready to
 * be changed and rendered again. Outputs (video, kit, scores, costs) stay with the
 * original; the files are shared, not copied.
 */
export function duplicateProject(library: Library, id: string, options: { title?: string } & Clock = {}): Project {
  const newId = library.transaction(() => {
    const source = projectRow(library, id);
    return createProjectRecord(
      library,
      {
        type: source.type,
        title: options.title ?? shorten(`${source.title} (copy)`, 200),
        description: source.description,
        script: source.script,
        language: source.language,
        voice: source.voice,
        targetDurationS: source.targetDurationS,
        platforms: source.platforms,
        estimatedCostUsd: source.estimatedCostUsd ?? undefined,
        photoHash: source.photoAsset,
        photoMetadata: (source.photoMetadata as PhotoMetadata | null) ?? null,
        audioHash: source.audioAsset,
        rawVoice: source.rawVoice,
        // The copy renders as the original last did: its size, captions and motion too.
        renderSettings: (source.renderSettings as RenderSettings | null) ?? null,
      },
      options,
    );
  });
  return getProject(library, newId);
}

/**
 * Deletes a project with its kit and jobs; its files go too unless another project uses
 * the same bytes. Usage events stay (spending history) without pointing at it.
 */
export async function deleteProject(library: Library, id: string): Promise<void> {
  await library.exclusive(async () => {
    library.transaction(() => {
      const row = projectRow(library, id);
      const kitHashes = library.db
        .select({ hash: kitFiles.assetHash })
        .from(kitFiles)
        .innerJoin(kits, eq(kits.id, kitFiles.kitId))
        .where(eq(kits.projectId, id))
        .all()
        .map((f) => f.hash);
      library.db.delete(projects).where(eq(projects.id, id)).run();
      removeUnusedAssets(library, [row.photoAsset, row.audioAsset, row.enhancedAsset, row.videoAsset, ...kitHashes]);
    });
    flushFileRemovals(library);
  });
}
