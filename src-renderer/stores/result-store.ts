import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ResponseValue } from '../../src-shared/ipc/contract.js';
import type { IpcError } from '../../src-shared/ipc/envelope.js';
import type { MediaRef } from '../../src-shared/ipc/media-ref.js';
import { readKit, type KitView } from '../kit-manifest.js';
import type { Transport } from '../transport/transport.js';
import type { ProjectDetailView, RetryState } from './library-store.js';

/**
 * The result screen's data for one project: how it went (`projects:get`), its files
 * (`projects:media`, the export kit's manifest read by kit-manifest.ts), a Retry through
 * `jobs:enqueue`, and the kit's text files read once each and kept while the screen shows
 * the project.
 */

export type ProjectMediaView = ResponseValue<'projects:media'>;

export type TextState = { state: 'loading' } | { state: 'read'; text: string } | { state: 'failed'; error: IpcError };

export interface ResultState {
  projectId: string | null;
  project: ProjectDetailView | null;
  media: ProjectMediaView | null;
  /** The export kit as the window reads it; null when the project has none. */
  kit: KitView | null;
  error: IpcError | null;
  retry: RetryState | null;
  /** Kit text files, by `textKey`. */
  texts: Record<string, TextState>;
  /** The kit as one zip, made by main on request (`projects:kitZip`). */
  zip: { state: 'idle' } | { state: 'making' } | { state: 'ready'; url: string; bytes: number } | { state: 'failed'; error: IpcError };
  /** The kit written out as a folder the creator chose (`projects:saveKit`, desktop app). */
  folder: { state: 'idle' } | { state: 'saving' } | { state: 'saved'; path: string } | { state: 'failed'; error: IpcError };

  open(projectId: string): Promise<void>;
  retryProject(): Promise<void>;
  makeZip(): Promise<void>;
  saveFolder(): Promise<void>;
  /** Reads a kit text file into `texts`, once (again only after it failed). */
  readText(ref: MediaRef): void;
  /** Where the page loads a shared file from (the host's /media/ route or the app's media protocol). */
  urlOf(ref: MediaRef): string;
}

export const textKey = (ref: MediaRef): string => `${ref.root}/${ref.path}`;

export type ResultStore = StoreApi<ResultState>;

export function createResultStore(transport: Transport): ResultStore {
  return createStore<ResultState>()((set, get) => {
    // Answers for a project the screen has since left are dropped.
    let request = 0;

    const load = async (projectId: string): Promise<void> => {
      const asked = ++request;
      const [project, media] = await Promise.all([transport.invoke('projects:get', { projectId }), transport.invoke('projects:media', { projectId })]);
      if (asked !== request) return;
      if (!project.ok) return set({ error: project.error });
      if (!media.ok) return set({ project: project.value, error: media.error });
      set({ error: null, project: project.value, media: media.value, kit: media.value.kit ? readKit(media.value.kit) : null });
    };

    transport.on('job:finished', (finished) => {
      // A retry (from here, the library or another window) finished: show what it made.
      if (finished.projectId !== get().projectId || finished.state === 'retrying') return;
      // Queued again and now ended: a second failure offers Retry again.
      set({ retry: null });
      void load(finished.projectId);
    });

    return {
      projectId: null,
      project: null,
      media: null,
      kit: null,
      error: null,
      retry: null,
      texts: {},
      zip: { state: 'idle' },
      folder: { state: 'idle' },

      async open(projectId) {
        if (projectId !== get().projectId) {
          // Media roots are shared per answer: URLs of another project's files are not kept.
          set({ projectId, project: null, media: null, kit: null, error: null, retry: null, texts: {}, zip: { state: 'idle' }, folder: { state: 'idle' } });
        }
        await load(projectId);
      },

      async makeZip() {
        const { projectId } = get();
        if (projectId === null) return;
        set({ zip: { state: 'making' } });
        const answer = await transport.invoke('projects:kitZip', { projectId });
        if (get().projectId !== projectId) return;
        set({ zip: answer.ok ? { state: 'ready', url: get().urlOf(answer.value.zip), bytes: answer.value.bytes } : { state: 'failed', error: answer.error } });
      },
      async saveFolder() {
        const { projectId } = get();
        if (projectId === null) return;
        set({ folder: { state: 'saving' } });
        const answer = await transport.invoke('projects:saveKit', { projectId });
        if (get().projectId !== projectId) return;
        if (!answer.ok) return set({ folder: { state: 'failed', error: answer.error } });
        // Dismissing the dialog is not a failure: nothing changes.
        set({ folder: answer.value.folder === null ? { state: 'idle' } : { state: 'saved', path: answer.value.folder } });
      },
      async retryProject() {
        const { projectId } = get();
        if (projectId === null) return;
        set({ retry: { projectId, state: 'sending' } });
        const answer = await transport.invoke('jobs:enqueue', { projectId });
        if (get().projectId !== projectId) return;
        set({ retry: answer.ok ? { projectId, state: 'queued', jobId: answer.value.jobId } : { projectId, state: 'failed', error: answer.error } });
      },

      readText(ref) {
        const key = textKey(ref);
        const known = get().texts[key];
        if (known && known.state !== 'failed') return;
        set({ texts: { ...get().texts, [key]: { state: 'loading' } } });
        void transport.readText(ref).then((answer) => {
          // The screen moved to another project meanwhile.
          if (!(key in get().texts)) return;
          set({ texts: { ...get().texts, [key]: answer.ok ? { state: 'read', text: answer.value } : { state: 'failed', error: answer.error } } });
        });
      },

      urlOf: (ref) => transport.mediaUrl(ref),
    };
  });
}
