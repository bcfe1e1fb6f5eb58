import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DiagnosticsOverview } from '../../src-shared/ipc/diagnostics-channels.js';
import type { EngineStatus } from '../../src-shared/ipc/engine-channels.js';
import type { IpcError } from '../../src-shared/ipc/envelope.js';
import type { ProjectStatus } from '../../src-shared/library.js';
import { PROJECT_STATUSES } from '../labels.js';
import type { Transport } from '../transport/transport.js';

/**
 * What the diagnostics screen reports: the engine and its tools (`engine:status`), this
 * machine's load, the renders' success rate and time, the cloud cost and the seed's
 * warnings (`diagnostics:overview`), the library's projects by status, and how long the
 * stages of recent renders took. It also saves the diagnostics bundle.
 */

export interface StageTiming {
  stage: string;
  durationMs: number;
}

export interface RecentTiming {
  projectId: string;
  title: string;
  completedAt: string | null;
  stages: StageTiming[];
  totalMs: number;
}

/** Recent enough to show this machine's speed today; few enough to read each project quickly. */
export const RECENT_TIMINGS = 5;

/** The bundle: asked, written where the creator chose (desktop) or ready to download (host). */
export type BundleState =
  { state: 'idle' } | { state: 'saving' } | { state: 'saved'; file: string; bytes: number } | { state: 'ready'; url: string; name: string; bytes: number } | { state: 'failed'; error: IpcError };

export interface DiagnosticsState {
  engine: EngineStatus | null;
  overview: DiagnosticsOverview | null;
  bundle: BundleState;
  projectCounts: Record<ProjectStatus, number> | null;
  timings: RecentTiming[];
  loading: boolean;
  error: IpcError | null;
  load(): Promise<void>;
  saveBundle(): Promise<void>;
}

export type DiagnosticsStore = StoreApi<DiagnosticsState>;

export function createDiagnosticsStore(transport: Transport): DiagnosticsStore {
  return createStore<DiagnosticsState>()((set, get) => {
    const countProjects = async (): Promise<Record<ProjectStatus, number> | IpcError> => {
      const counts = {} as Record<ProjectStatus, number>;
      // One count per status: `total` is main's count over all pages, whatever the limit.
      const answers = await Promise.all(PROJECT_STATUSES.map((status) => transport.invoke('projects:list', { status: [status], limit: 1 })));
      for (const [index, answer] of answers.entries()) {
        if (!answer.ok) return answer.error;
        counts[PROJECT_STATUSES[index]!] = answer.value.total;
      }
      return counts;
    };

    const recentTimings = async (): Promise<RecentTiming[] | IpcError> => {
      const recent = await transport.invoke('projects:list', { status: ['completed'], sort: 'updated', order: 'desc', limit: RECENT_TIMINGS });
      if (!recent.ok) return recent.error;
      const details = await Promise.all(recent.value.items.map((project) => transport.invoke('projects:get', { projectId: project.id })));
      const timings: RecentTiming[] = [];
      for (const answer of details) {
        // A project deleted meanwhile, or one recorded without a report, has nothing to show.
        if (!answer.ok || !answer.value.report) continue;
        const { id, title, completedAt, report } = answer.value;
        timings.push({ projectId: id, title, completedAt, stages: report.stages, totalMs: report.totalMs });
      }
      return timings;
    };

    return {
      engine: null,
      overview: null,
      bundle: { state: 'idle' },
      projectCounts: null,
      timings: [],
      loading: false,
      error: null,

      async load() {
        set({ loading: true, error: null });
        const [engine, overview, counts, timings] = await Promise.all([transport.invoke('engine:status'), transport.invoke('diagnostics:overview'), countProjects(), recentTimings()]);
        const error = !engine.ok ? engine.error : !overview.ok ? overview.error : 'code' in counts ? counts : 'code' in timings ? timings : null;
        set({
          loading: false,
          error,
          ...(engine.ok ? { engine: engine.value } : {}),
          ...(overview.ok ? { overview: overview.value } : {}),
          ...('code' in counts ? {} : { projectCounts: counts }),
          ...('code' in timings ? {} : { timings }),
        });
      },

      async saveBundle() {
        if (get().bundle.state === 'saving') return;
        set({ bundle: { state: 'saving' } });
        const answer = await transport.invoke('diagnostics:saveBundle');
        if (!answer.ok) return set({ bundle: { state: 'failed', error: answer.error } });
        const { file, download, bytes } = answer.value;
        if (file) return set({ bundle: { state: 'saved', file, bytes } });
        if (download) return set({ bundle: { state: 'ready', url: transport.mediaUrl(download), name: download.path.split('/').at(-1) ?? 'talkingphoto-diagnostics.zip', bytes } });
        // The save dialog was dismissed: nothing to say.
        set({ bundle: { state: 'idle' } });
      },
    };
  });
}
