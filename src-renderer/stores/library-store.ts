import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ResponseValue } from '../../src-shared/ipc/contract.js';
import type { IpcError } from '../../src-shared/ipc/envelope.js';
import type { ProjectSummaryView } from '../../src-shared/ipc/library-channels.js';
import type { MediaRef } from '../../src-shared/ipc/media-ref.js';
import type { ListSort, ProjectQuery, ProjectStatus } from '../../src-shared/library.js';
import type { WorkflowType } from '../../src-shared/limits.js';
import type { PlatformId } from '../../src-shared/platforms.js';
import type { Transport } from '../transport/transport.js';

/**
 * The library screen's data: one page after another of `projects:list` for the current
 * search and filters, the project opened beside them, and deletions that wait for an
 * Undo before they reach main.
 */

export type ProjectDetailView = ResponseValue<'projects:get'>;

export const LIBRARY_SORTS = {
  newest: { label: 'Newest first', sort: 'created', order: 'desc' },
  oldest: { label: 'Oldest first', sort: 'created', order: 'asc' },
  updated: { label: 'Recently changed', sort: 'updated', order: 'desc' },
  title: { label: 'Title A–Z', sort: 'title', order: 'asc' },
} as const satisfies Record<string, { label: string; sort: ListSort; order: 'asc' | 'desc' }>;
export type LibrarySort = keyof typeof LIBRARY_SORTS;

export interface LibraryFilters {
  search: string;
  status: ProjectStatus | null;
  type: WorkflowType | null;
  platform: PlatformId | null;
  sort: LibrarySort;
}

export const NO_FILTERS: LibraryFilters = { search: '', status: null, type: null, platform: null, sort: 'newest' };

/** A page fills two rows of the grid at 1920×1080 and asks SQLite for little. */
export const PAGE_SIZE = 24;
/** Typing pauses longer than this between words, so each pause asks once. */
export const SEARCH_DEBOUNCE_MS = 300;
/** How long a deleted project can still be brought back. */
export const UNDO_DELETE_MS = 6000;

export interface PendingDelete {
  projectId: string;
  title: string;
}

export type RetryState = { projectId: string; state: 'sending' } | { projectId: string; state: 'queued'; jobId: string } | { projectId: string; state: 'failed'; error: IpcError };

/** Duplicate (`projects:duplicate`) of the project `sourceId`: the copy opens beside the grid once made. */
export type DuplicateState =
  { sourceId: string; state: 'sending' } | { sourceId: string; sourceTitle: string; state: 'made'; projectId: string } | { sourceId: string; state: 'failed'; error: IpcError };

export interface LibraryState {
  filters: LibraryFilters;
  items: ProjectSummaryView[];
  /** Projects matching the filters over all pages, as main counted them. */
  total: number;
  nextCursor: string | null;
  listing: 'idle' | 'loading' | 'more';
  /** A first page for the current filters has arrived. */
  loaded: boolean;
  error: IpcError | null;
  /** Hidden at once, deleted when their Undo runs out. */
  pendingDeletes: PendingDelete[];
  detailId: string | null;
  detail: ProjectDetailView | null;
  detailError: IpcError | null;
  retry: RetryState | null;
  duplicate: DuplicateState | null;

  load(): Promise<void>;
  setSearch(search: string): void;
  setFilters(changes: Partial<Omit<LibraryFilters, 'search'>>): void;
  clearFilters(): void;
  loadMore(): Promise<void>;
  remove(project: { id: string; title: string }): void;
  undoRemove(projectId: string): void;
  openDetail(projectId: string | null): Promise<void>;
  retryProject(projectId: string): Promise<void>;
  /** A copy with the same photo, voice, script, platforms and render settings, not rendered until asked; its id, or null when main refused. */
  duplicateProject(project: { id: string; title: string }): Promise<string | null>;
  /** Where the page loads a project's picture from. */
  urlOf(ref: MediaRef): string;
}

export type LibraryStore = StoreApi<LibraryState>;

export const hasFilters = (filters: LibraryFilters): boolean => filters.search.trim() !== '' || filters.status !== null || filters.type !== null || filters.platform !== null;

export const visibleProjects = (state: Pick<LibraryState, 'items' | 'pendingDeletes'>): ProjectSummaryView[] =>
  state.items.filter((project) => !state.pendingDeletes.some((pending) => pending.projectId === project.id));

function queryFor(filters: LibraryFilters, cursor?: string): ProjectQuery {
  const { sort, order } = LIBRARY_SORTS[filters.sort];
  const search = filters.search.trim();
  return {
    ...(search ? { search } : {}),
    ...(filters.status ? { status: [filters.status] } : {}),
    ...(filters.type ? { type: [filters.type] } : {}),
    ...(filters.platform ? { platform: filters.platform } : {}),
    sort,
    order,
    limit: PAGE_SIZE,
    ...(cursor ? { cursor } : {}),
  };
}

export function createLibraryStore(transport: Transport): LibraryStore {
  return createStore<LibraryState>()((set, get) => {
    // Answers to an older search arrive after newer ones are asked: only the latest counts.
    let listRequest = 0;
    let searchTimer: ReturnType<typeof setTimeout> | undefined;
    const deleteTimers = new Map<string, ReturnType<typeof setTimeout>>();

    const commitDelete = async (projectId: string): Promise<void> => {
      deleteTimers.delete(projectId);
      const answer = await transport.invoke('projects:delete', { projectId });
      const pendingDeletes = get().pendingDeletes.filter((pending) => pending.projectId !== projectId);
      if (!answer.ok) return set({ pendingDeletes, error: answer.error });
      const { items, total, detailId } = get();
      set({
        pendingDeletes,
        items: items.filter((project) => project.id !== projectId),
        total: Math.max(0, total - 1),
        ...(detailId === projectId ? { detailId: null, detail: null } : {}),
      });
    };

    transport.on('job:finished', (finished) => {
      if (get().detailId === finished.projectId) void get().openDetail(finished.projectId);
    });

    return {
      filters: NO_FILTERS,
      items: [],
      total: 0,
      nextCursor: null,
      listing: 'idle',
      loaded: false,
      error: null,
      pendingDeletes: [],
      detailId: null,
      detail: null,
      detailError: null,
      retry: null,
      duplicate: null,

      async load() {
        clearTimeout(searchTimer);
        const request = ++listRequest;
        set({ listing: 'loading', error: null });
        const answer = await transport.invoke('projects:list', queryFor(get().filters));
        if (request !== listRequest) return;
        if (!answer.ok) return set({ listing: 'idle', error: answer.error });
        set({ listing: 'idle', loaded: true, items: answer.value.items, total: answer.value.total, nextCursor: answer.value.nextCursor });
      },

      setSearch(search) {
        set({ filters: { ...get().filters, search } });
        clearTimeout(searchTimer);
        searchTimer = setTimeout(() => void get().load(), SEARCH_DEBOUNCE_MS);
      },

      setFilters(changes) {
        set({ filters: { ...get().filters, ...changes } });
        void get().load();
      },

      clearFilters() {
        set({ filters: { ...NO_FILTERS, sort: get().filters.sort } });
        void get().load();
      },

      async loadMore() {
        const { nextCursor, listing, filters } = get();
        if (nextCursor === null || listing !== 'idle') return;
        const request = listRequest;
        set({ listing: 'more', error: null });
        const answer = await transport.invoke('projects:list', queryFor(filters, nextCursor));
        if (request !== listRequest) return;
        if (!answer.ok) return set({ listing: 'idle', error: answer.error });
        const known = new Set(get().items.map((project) => project.id));
        set({
          listing: 'idle',
          items: [...get().items, ...answer.value.items.filter((project) => !known.has(project.id))],
          total: answer.value.total,
          nextCursor: answer.value.nextCursor,
        });
      },

      remove(project) {
        if (deleteTimers.has(project.id)) return;
        set({ pendingDeletes: [...get().pendingDeletes, { projectId: project.id, title: project.title }] });
        deleteTimers.set(
          project.id,
          setTimeout(() => void commitDelete(project.id), UNDO_DELETE_MS),
        );
      },

      undoRemove(projectId) {
        clearTimeout(deleteTimers.get(projectId));
        deleteTimers.delete(projectId);
        set({ pendingDeletes: get().pendingDeletes.filter((pending) => pending.projectId !== projectId) });
      },

      async openDetail(projectId) {
        const reopening = projectId !== null && projectId === get().detailId;
        set({ detailId: projectId, detailError: null, ...(reopening ? {} : { detail: null, retry: null }) });
        if (projectId === null) return;
        const answer = await transport.invoke('projects:get', { projectId });
        if (get().detailId !== projectId) return;
        if (!answer.ok) return set({ detail: null, detailError: answer.error });
        set({ detail: answer.value });
      },

      async retryProject(projectId) {
        set({ retry: { projectId, state: 'sending' } });
        const answer = await transport.invoke('jobs:enqueue', { projectId });
        if (get().retry?.projectId !== projectId) return;
        set({ retry: answer.ok ? { projectId, state: 'queued', jobId: answer.value.jobId } : { projectId, state: 'failed', error: answer.error } });
      },

      async duplicateProject(source) {
        set({ duplicate: { sourceId: source.id, state: 'sending' } });
        const answer = await transport.invoke('projects:duplicate', { projectId: source.id });
        if (!answer.ok) {
          set({ duplicate: { sourceId: source.id, state: 'failed', error: answer.error } });
          return null;
        }
        const copyId = answer.value.projectId;
        set({ duplicate: { sourceId: source.id, sourceTitle: source.title, state: 'made', projectId: copyId } });
        // The grid shows the copy where the filters put it.
        await get().load();
        return copyId;
      },

      urlOf: (ref) => transport.mediaUrl(ref),
    };
  });
}
