import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EventPayload, ResponseValue } from '../../src-shared/ipc/contract.js';
import type { IpcError } from '../../src-shared/ipc/envelope.js';
import type { JobState } from '../../src-shared/library.js';
import type { Transport } from '../transport/transport.js';

/**
 * The render queue as the window sees it: `jobs:list` once, then kept live by the
 * `job:progress` and `job:finished` events main sends to every window.
 */

type ListedJob = ResponseValue<'jobs:list'>['jobs'][number];
export type JobProgress = Omit<EventPayload<'job:progress'>, 'jobId' | 'projectId'>;

export interface JobView extends ListedJob {
  /** The latest progress of a running job; null before the first event and once it ended. */
  progress: JobProgress | null;
  /** Cancel was asked and main has not yet said the job ended. */
  cancelling: boolean;
}

export interface JobsState {
  jobs: JobView[];
  loaded: boolean;
  error: IpcError | null;
  /** Project titles by id, for naming jobs (null: the project is gone). */
  titles: Record<string, string | null>;

  load(): Promise<void>;
  cancel(jobId: string): Promise<void>;
}

export type JobsStore = StoreApi<JobsState>;

export const isActive = (state: JobState): boolean => state === 'queued' || state === 'running';

export const activeJobCount = (state: Pick<JobsState, 'jobs'>): number => state.jobs.filter((job) => isActive(job.state)).length;

export function countByState(jobs: readonly JobView[]): Record<JobState, number> {
  const counts: Record<JobState, number> = { queued: 0, running: 0, completed: 0, failed: 0, cancelled: 0 };
  for (const job of jobs) counts[job.state] += 1;
  return counts;
}

/** Enough of the newest projects to name every job a queue realistically holds. */
const TITLE_LOOKUP_LIMIT = 200;

export function createJobsStore(transport: Transport): JobsStore {
  return createStore<JobsState>()((set, get) => {
    let listRequest = 0;
    // Which event each job last had, counted: a list asked before a job's first event may not hold it yet.
    let events = 0;
    const lastEvent = new Map<string, number>();

    const update = (jobId: string, change: (job: JobView) => JobView): void => set({ jobs: get().jobs.map((job) => (job.id === jobId ? change(job) : job)) });

    const nameProjects = async (): Promise<void> => {
      const unnamed = get().jobs.some((job) => !(job.projectId in get().titles));
      if (!unnamed) return;
      const answer = await transport.invoke('projects:list', { sort: 'updated', order: 'desc', limit: TITLE_LOOKUP_LIMIT });
      if (!answer.ok) return;
      const titles: Record<string, string | null> = { ...get().titles };
      for (const project of answer.value.items) titles[project.id] = project.title;
      for (const job of get().jobs) if (!(job.projectId in titles)) titles[job.projectId] = null;
      set({ titles });
    };

    transport.on('job:progress', ({ jobId, projectId, ...progress }) => {
      lastEvent.set(jobId, ++events);
      if (!get().jobs.some((job) => job.id === jobId)) {
        // Queued by another window or the library's Retry: shown now, filled in by the list.
        const job: JobView = { id: jobId, projectId, state: 'running', priority: 0, attempts: 1, lastError: null, progress, cancelling: false };
        set({ jobs: [...get().jobs, job] });
        void get().load();
        return;
      }
      update(jobId, (job) => ({ ...job, state: 'running', progress }));
    });

    transport.on('job:finished', ({ jobId, state, error }) => {
      lastEvent.set(jobId, ++events);
      const lastError = error ? { code: error.code, message: error.message } : null;
      if (!get().jobs.some((job) => job.id === jobId)) return void get().load();
      update(jobId, (job) => ({
        ...job,
        // `retrying`: back in the queue after a failed attempt, with that attempt's reason.
        state: state === 'retrying' ? 'queued' : state,
        progress: null,
        cancelling: false,
        lastError: lastError ?? job.lastError,
      }));
    });

    return {
      jobs: [],
      loaded: false,
      error: null,
      titles: {},

      async load() {
        const request = ++listRequest;
        const asked = events;
        const answer = await transport.invoke('jobs:list');
        if (request !== listRequest) return;
        if (!answer.ok) return set({ error: answer.error });
        const before = new Map(get().jobs.map((job) => [job.id, job]));
        const jobs = answer.value.jobs.map((job): JobView => {
          const known = before.get(job.id);
          const running = job.state === 'running';
          return { ...job, progress: running ? (known?.progress ?? null) : null, cancelling: isActive(job.state) && (known?.cancelling ?? false) };
        });
        const listed = new Set(jobs.map((job) => job.id));
        const newer = [...before.values()].filter((job) => !listed.has(job.id) && (lastEvent.get(job.id) ?? 0) >= asked);
        set({ jobs: [...jobs, ...newer], loaded: true, error: null });
        await nameProjects();
      },

      async cancel(jobId) {
        update(jobId, (job) => ({ ...job, cancelling: true }));
        const answer = await transport.invoke('jobs:cancel', { jobId });
        if (!answer.ok) {
          update(jobId, (job) => ({ ...job, cancelling: false }));
          return set({ error: answer.error });
        }
        await get().load();
      },
    };
  });
}
