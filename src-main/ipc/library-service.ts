import type { HandlerMap } from './dispatcher.js';
import type { EventHub } from './event-hub.js';
import type { PlatformShell } from './platform-shell.js';
import { createProject, deleteProject, duplicateProject, listProjects, type Library } from '../library/index.js';
import type { RenderQueue } from '../queue/render-queue.js';

type LibraryChannel = 'projects:create' | 'projects:list' | 'projects:duplicate' | 'projects:delete' | 'jobs:enqueue' | 'jobs:cancel' | 'jobs:list';

/**
 * The library and queue channels: thin wrappers, because the library validates its own
 * input and the queue owns the jobs. The queue's events are forwarded to every window.
 */
export function libraryHandlers(library: Library, queue: RenderQueue, shell: PlatformShell, events: EventHub): Pick<HandlerMap, LibraryChannel> {
  queue.on('progress', (p) =>
    events.emit('job:progress', { jobId: p.jobId, projectId: p.projectId, stage: p.stage, percent: p.percent, message: p.message, etaMs: Math.max(0, p.etaMs) }),
  );
  queue.on('finished', (f) => events.emit('job:finished', f));
  return {
    'projects:create': async (input) => {
      shell.checkInputFiles({ photoPath: input.photoPath, audioPath: input.audioPath });
      const project = await createProject(library, input);
      return { projectId: project.id };
    },
    'projects:list': (query) => {
      const page = listProjects(library, query ?? {});
      return {
        items: page.items.map((p) => ({ ...p, hasVideo: p.video !== null })),
        total: page.total,
        nextCursor: page.nextCursor,
      };
    },
    'projects:duplicate': ({ projectId }) => ({ projectId: duplicateProject(library, projectId).id }),
    'projects:delete': async ({ projectId }) => {
      for (const job of queue.jobs()) if (job.projectId === projectId && (job.state === 'queued' || job.state === 'running')) queue.cancel(job.id);
      await deleteProject(library, projectId);
      return {};
    },
    'jobs:enqueue': ({ projectId, tier, ...options }) => ({ jobId: queue.enqueue(projectId, { ...options, tier }).id }),
    'jobs:cancel': ({ jobId }) => {
      queue.cancel(jobId);
      return {};
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
