import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { zipFiles } from '../../engine/kit/zip-files.js';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { DRAFT_FILES, type PhotoDrafts } from '../drafts/photo-drafts.js';
import { RECORDING_FILES, type RecordingDrafts } from '../drafts/recording-drafts.js';
import type { ParsedRequest } from '../../../src-shared/ipc/contract.js';
import type { HandlerMap } from './dispatcher.js';
import type { EventHub } from './event-hub.js';
import type { Log } from '../log/logger.js';
import type { PlatformShell } from './platform-shell.js';
import { assetFile, createProject, deleteEverything, deleteProject, exportAllData, duplicateProject, getProject, listProjects, previewFor, projectImage, type Library } from '../library/index.js';
import { projectThumbnail } from '../library/derived-images.js';
import { videoPoster } from '../library/video-poster.js';
import type { MediaFolders } from '../media-access/media-access.js';
import type { RenderQueue } from '../queue/render-queue.js';
import { renderShape, VOICE_CHARS_PER_SECOND, VOICE_EDGES_S } from '../queue/render-eta.js';
import { assertPlanAllowsProject, noteProjectCreated, readLicense } from '../licensing/license.js';
import { licenceExportFiles, type AccountRecordAnswer } from '../licensing/licence-export.js';

export interface LibraryPrivacy {
  /** The licensing service's record of the account (account-service.ts), for the export's purchases. */
  accountRecord?: () => Promise<AccountRecordAnswer>;
  /** Tests pass their own key; the bundled one otherwise. */
  publicKey?: string;
  /** Where a poster that could not be made is noted. */
  log?: Pick<Log, 'warn'>;
}

type LibraryChannel =
  | 'library:export'
  | 'library:showExport'
  | 'library:deleteEverything'
  | 'projects:create'
  | 'projects:list'
  | 'projects:get'
  | 'projects:media'
  | 'projects:kitZip'
  | 'projects:duplicate'
  | 'projects:delete'
  | 'jobs:enqueue'
  | 'jobs:cancel'
  | 'jobs:list'
  | 'jobs:estimate';

/**
 * The library and queue channels: thin wrappers, because the library validates its own
 * input and the queue owns the jobs. The queue's events are forwarded to every window.
 */
export function libraryHandlers(
  library: Library,
  queue: RenderQueue,
  shell: PlatformShell,
  events: EventHub,
  media: MediaFolders,
  drafts: PhotoDrafts,
  recordings?: RecordingDrafts,
  /** The cloud part of a video's cost (providers-service.ts); nothing is cloud without it. */
  cloudCost?: (input: {
    scriptChars: number;
    voiceSeconds: number;
    speaks: boolean;
  }) => Promise<{ costUsd: number; steps: Array<{ capability: string; provider: string; name: string; costUsd: number }>; budgetUsd: number }>,
  privacy: LibraryPrivacy = {},
): Pick<HandlerMap, LibraryChannel> {
  // The zip the last export wrote: "Show in folder" opens only this, never a path the window sends.
  let lastExport: string | null = null;
  const log = privacy.log;
  // Only files handed out here are readable through the media route or protocol, never
  // library.db or anything else in the data folder.
  const share = async (relativePath: string): Promise<{ root: string; path: string }> => ({
    root: await media.allow(library.dataDir, { only: [relativePath] }),
    path: relativePath,
  });
  /** A recording the Create form imported becomes the project's audio: the bytes as received, through the library like any other. */
  const recordingPath = async (token: string | undefined): Promise<{ audioPath?: string }> => {
    if (token === undefined) return {};
    if (!recordings) throw new TalkingPhotoError('BAD_OPTION', 'This front door does not take imported recordings.');
    return { audioPath: path.join(await recordings.folderOf(token), RECORDING_FILES.upload) };
  };
  /** A photo the Create form imported becomes the project's photo, through intake like any other. */
  const createFromDraft = async (input: Extract<ParsedRequest<'projects:create'>, { photoToken: string }>): Promise<string> => {
    const { photoToken, faceIndex, recordingToken, ...rest } = input;
    if (rest.audioPath !== undefined) shell.checkInputFiles({ audioPath: rest.audioPath });
    const fields = { ...rest, ...(await recordingPath(recordingToken)) };
    const draft = await drafts.read(photoToken);
    if (faceIndex !== undefined && faceIndex >= draft.faces.length) {
      const n = draft.faces.length;
      throw new TalkingPhotoError('BAD_OPTION', `This photo has ${n} face${n === 1 ? '' : 's'}: pick a face number from 1 to ${n}.`);
    }
    const photoPath = path.join(await drafts.folderOf(photoToken), DRAFT_FILES.upload);
    return (await createProject(library, { ...fields, photoPath }, {}, { name: draft.name, faceIndex })).id;
  };
  queue.on('progress', (p) => events.emit('job:progress', { jobId: p.jobId, projectId: p.projectId, stage: p.stage, percent: p.percent, message: p.message, etaMs: Math.max(0, p.etaMs) }));
  queue.on('finished', (f) => events.emit('job:finished', f));
  return {
    'library:export': async ({ destination }, sender) => {
      const file = await shell.chooseExportFile(sender, destination);
      if (!file) return { written: false, projects: 0, files: 0, bytes: 0, file: null, account: 'signed-out' as const };
      const answer = privacy.accountRecord ? await privacy.accountRecord() : null;
      const summary = await exportAllData(library, file, {
        extraFiles: licenceExportFiles(library, answer, Date.now(), privacy.publicKey),
        onProgress: (progress) => events.emit('library:exportProgress', progress),
      });
      lastExport = summary.file;
      const account = answer === null ? ('signed-out' as const) : 'problem' in answer ? ('unreachable' as const) : ('included' as const);
      return { written: true, projects: summary.projects, files: summary.files, bytes: summary.bytes, file: summary.file, account };
    },
    'library:showExport': async () => {
      if (!shell.capabilities.showInFolder) throw new TalkingPhotoError('NOT_SUPPORTED', 'The browser version cannot open your file manager: the path of the zip is shown above.');
      if (!lastExport) throw new TalkingPhotoError('BAD_OPTION', 'Export your data first: there is no export to show yet.');
      await shell.showInFolder(lastExport);
      return {};
    },
    'library:deleteEverything': async () => {
      for (const job of queue.jobs()) if (job.state === 'queued' || job.state === 'running') queue.cancel(job.id);
      await queue.whenIdle();
      await deleteEverything(library);
      return {};
    },
    'projects:create': async (input) => {
      // Refused before anything is read or written: the form (and its draft) stays as it was.
      assertPlanAllowsProject(library);
      let projectId: string;
      if ('photoToken' in input) projectId = await createFromDraft(input);
      else {
        const { recordingToken, ...fields } = input;
        shell.checkInputFiles({ photoPath: fields.photoPath, audioPath: fields.audioPath });
        projectId = (await createProject(library, { ...fields, ...(await recordingPath(recordingToken)) })).id;
      }
      noteProjectCreated(library, projectId);
      return { projectId };
    },
    'projects:list': async (query) => {
      const page = listProjects(library, query ?? {});
      const items = [];
      for (const p of page.items) items.push({ ...p, hasVideo: p.video !== null, thumbnail: await share((await projectImage(library, p.id)).path) });
      return { items, total: page.total, nextCursor: page.nextCursor };
    },
    'projects:get': async ({ projectId }) => {
      const p = getProject(library, projectId);
      return {
        ...p,
        scriptExcerpt: p.script?.slice(0, 140) ?? null,
        hasVideo: p.video !== null,
        hasKit: p.kit !== null,
        thumbnail: await share((await projectThumbnail(library, p)).path),
        preview: await share((await previewFor(library, p.photo.hash)).path),
        video: p.video ? await share(p.video.path) : null,
        enhancedPhoto: p.enhancedPhoto ? await share(p.enhancedPhoto.path) : null,
        report: p.renderReport,
      };
    },
    'projects:media': async ({ projectId }) => {
      const p = getProject(library, projectId);
      const kitFiles = p.kit?.files ?? [];
      // Made once from the video and cached; without it the player is a grey box until it loads, nothing worse.
      const poster = p.video
        ? await videoPoster(library, p.video).catch((error: unknown) => {
            log?.warn('video poster not made', { projectId, code: (error as { code?: string }).code ?? 'unknown', detail: (error as { detail?: string }).detail });
            return null;
          })
        : null;
      const files = [p.photo.path, p.enhancedPhoto?.path, p.video?.path, poster?.path, ...kitFiles.map((f) => f.asset.path)].filter((f): f is string => f !== undefined);
      const root = await media.allow(library.dataDir, { only: files });
      const ref = (asset: { path: string }) => ({ root, path: asset.path });
      const manifest = p.kit?.manifest;
      return {
        photo: ref(p.photo),
        enhanced: p.enhancedPhoto ? ref(p.enhancedPhoto) : null,
        video: p.video ? ref(p.video) : null,
        poster: poster ? ref(poster) : null,
        kit: p.kit
          ? {
              manifest: manifest !== null && typeof manifest === 'object' && !Array.isArray(manifest) ? (manifest as Record<string, unknown>) : {},
              files: kitFiles.map((f) => ({ name: f.name, platform: f.platform, file: ref(f.asset) })),
            }
          : null,
      };
    },
    'projects:kitZip': async ({ projectId }) => {
      const p = getProject(library, projectId);
      if (!p.kit) throw new TalkingPhotoError('KIT_NOT_FOUND', 'This project has no export kit yet: pick platforms and render it again.', { detail: `project ${projectId}` });
      // A kit never changes once made (a new render makes a new kit id), so its zip is reused.
      const relative = path.posix.join('cache', 'kit-zips', `${p.kit.id}.zip`);
      const zipFile = path.join(library.dataDir, ...relative.split('/'));
      if (
        !(await stat(zipFile).then(
          (s) => s.isFile(),
          () => false,
        ))
      ) {
        await mkdir(path.dirname(zipFile), { recursive: true });
        await zipFiles(
          p.kit.files.map((f) => ({ name: f.name, file: assetFile(library, f.asset) })),
          zipFile,
        );
      }
      return { zip: await share(relative), bytes: (await stat(zipFile)).size };
    },
    'projects:duplicate': ({ projectId }) => {
      assertPlanAllowsProject(library);
      const copy = duplicateProject(library, projectId);
      noteProjectCreated(library, copy.id);
      return { projectId: copy.id };
    },
    'projects:delete': async ({ projectId }) => {
      for (const job of queue.jobs()) if (job.projectId === projectId && (job.state === 'queued' || job.state === 'running')) queue.cancel(job.id);
      await deleteProject(library, projectId);
      return {};
    },
    'jobs:enqueue': ({ projectId, ...options }) => {
      // The plan decides priority and the watermark, here in main: the window cannot ask for either.
      const license = readLicense(library);
      return { jobId: queue.enqueue(projectId, { ...options, tier: license.tier, watermark: license.watermark }).id };
    },
    'jobs:cancel': ({ jobId }) => {
      queue.cancel(jobId);
      return {};
    },
    'jobs:estimate': async ({ scriptChars, recordingSeconds, platforms, width, height }) => {
      // The queue's own guess of how long eSpeak speaks (render-eta.ts estimateVoiceSeconds).
      const voiceSeconds = recordingSeconds ?? Math.max(1, VOICE_EDGES_S + scriptChars / VOICE_CHARS_PER_SECOND);
      const queued = queue.jobs().filter((j) => j.state === 'queued' || j.state === 'running').length;
      // Every engine on this computer costs nothing; the creator's cloud routes add their price.
      const cloud = cloudCost ? await cloudCost({ scriptChars, voiceSeconds, speaks: recordingSeconds === undefined }) : { costUsd: 0, steps: [], budgetUsd: undefined };
      return {
        costUsd: cloud.costUsd,
        steps: cloud.steps,
        ...(cloud.budgetUsd !== undefined ? { budgetUsd: cloud.budgetUsd } : {}),
        voiceSeconds,
        renderMs: queue.estimateMs(renderShape({ voiceSeconds, platforms, width, height })),
        waitMs: queue.waitMs(),
        queued,
      };
    },
    'jobs:list': () => ({
      jobs: queue.jobs().map((j) => ({
        id: j.id,
        projectId: j.projectId,
        state: j.state,
        priority: j.priority,
        attempts: j.attempts,
        lastError: j.lastErrorCode ? { code: j.lastErrorCode, message: j.lastErrorMessage ?? '' } : null,
      })),
    }),
  };
}
