import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import type { RenderReport } from '../../../src-shared/report.js';
// The names alone (a module with no imports): the pipeline itself is ~100 MB and ~0.3 s to load.
import { OUTPUT_FILES } from '../../engine/pipeline/output-files.js';
import { flushFileRemovals, removeUnusedAssets, stageFile, withPlacedAssets, type StagedFile } from './assets.js';
import type { Library } from './open-library.js';
import type { ProviderUse, QualityScores, StageTimings } from './project-input.js';
import { getProject, projectRow, type Project } from './project-record.js';
import type { Clock } from './projects.js';
import { projects } from './schema.js';

/**
 * How a finished render enters the library: the queue hands over the output folder that
 * `renderProject` wrote, and the project gets its video, enhanced photo, scores, timings
 * and tools. The folder is copied from, never changed; the caller removes it.
 */

function invalid(outputDir: string, detail: string, cause?: unknown): TalkingPhotoError {
  return new TalkingPhotoError('RENDER_OUTPUT_INVALID', 'The finished video could not be added to your library because its files are incomplete: render the project again.', {
    detail: `${outputDir}: ${detail}`,
    cause,
  });
}

async function readReport(outputDir: string): Promise<RenderReport> {
  let report: unknown;
  try {
    report = JSON.parse(await readFile(path.join(outputDir, OUTPUT_FILES.report), 'utf8'));
  } catch (error) {
    throw invalid(outputDir, `${OUTPUT_FILES.report}: ${(error as Error).message}`, error);
  }
  const r = report as Partial<RenderReport> | null;
  if (r === null || typeof r !== 'object' || r.version !== 1 || !Array.isArray(r.stages) || typeof r.totalMs !== 'number' || !r.quality?.image) {
    throw invalid(outputDir, `${OUTPUT_FILES.report} is not a version 1 render report`);
  }
  return r as RenderReport;
}

/** What the library keeps of the report's measures, in the project's own fields. */
function summariseReport(report: RenderReport): { qualityScores: QualityScores; stageTimings: StageTimings; providersUsed: ProviderUse[] } {
  const measured = report.quality.video;
  const tts = report.tools.tts;
  return {
    qualityScores: {
      image: { before: report.quality.image.before, after: report.quality.image.after },
      ...(typeof report.quality.scores?.video === 'number' ? { video: report.quality.scores.video } : {}),
      ...(typeof report.quality.scores?.overall === 'number' ? { overall: report.quality.scores.overall } : {}),
      ...(measured && typeof measured === 'object' ? { measured: measured as Record<string, unknown> } : {}),
    },
    stageTimings: { stages: report.stages.map((s) => ({ stage: s.stage, durationMs: s.durationMs })), totalMs: report.totalMs },
    providersUsed: [
      { capability: 'image_enhancement', provider: 'local', detail: report.quality.image.chosen },
      {
        capability: 'speech',
        provider: 'local',
        detail: tts ? [tts.name, tts.version, tts.voice].filter(Boolean).join(' ') : 'the creator’s recording',
      },
      { capability: 'video_generation', provider: 'local', detail: `ffmpeg from ${report.tools.ffmpeg.source}` },
    ],
  };
}

/**
 * Stores `video.mp4` and `enhanced.jpg` from a render output folder as the project's
 * video and enhanced photo, fills its scores, timings and tools from `report.json`, and
 * marks it completed. A re-render replaces the earlier files, which go unless shared.
 */
export async function importRender(library: Library, projectId: string, outputDir: string, clock: Clock = {}): Promise<Project> {
  const report = await readReport(outputDir);
  const summary = summariseReport(report);
  return library.exclusive(async () => {
    projectRow(library, projectId);
    const staged: StagedFile[] = [];
    try {
      for (const name of [OUTPUT_FILES.video, OUTPUT_FILES.enhancedPhoto]) {
        staged.push(
          await stageFile(library, path.join(outputDir, name)).catch((error: unknown) => {
            throw invalid(outputDir, `${name}: ${(error as Error).message}`, error);
          }),
        );
      }
    } catch (error) {
      await Promise.all(staged.map((s) => rm(s.tmpFile, { force: true })));
      throw error;
    }
    const now = clock.now ?? Date.now();
    withPlacedAssets(library, staged, ([video, enhanced]) => {
      if (!video || !enhanced) throw new Error('render files were not placed');
      const before = projectRow(library, projectId);
      library.db
        .update(projects)
        .set({
          videoAsset: video.hash,
          enhancedAsset: enhanced.hash,
          renderReport: report,
          ...summary,
          status: 'completed',
          errorCode: null,
          errorMessage: null,
          completedAt: now,
          updatedAt: now,
        })
        .where(eq(projects.id, projectId))
        .run();
      removeUnusedAssets(library, [before.videoAsset, before.enhancedAsset]);
    });
    flushFileRemovals(library);
    return getProject(library, projectId);
  });
}
