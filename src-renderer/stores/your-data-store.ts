import { createStore, type StoreApi } from 'zustand/vanilla';
import type { IpcError } from '../../src-shared/ipc/envelope.js';
import { DELETE_EVERYTHING_PHRASE } from '../../src-shared/ipc/library-channels.js';
import type { ResponseValue } from '../../src-shared/ipc/contract.js';
import type { Transport } from '../transport/transport.js';

/**
 * Settings → Your data (SPEC §6): "Export all my data" with its progress and where the zip
 * went, and "Delete everything". The progress comes from main as `library:exportProgress`
 * events while the request is out; the zip's path is the one the creator chose.
 */

export interface ExportProgressView {
  percent: number;
  bytesWritten: number;
  bytesTotal: number;
}

export interface YourDataState {
  exporting: boolean;
  progress: ExportProgressView | null;
  /** The last export written. */
  exported: ResponseValue<'library:export'> | null;
  deleting: boolean;
  /** Delete everything finished: the library is empty. */
  deleted: boolean;
  error: IpcError | null;
  exportAll(destination?: string): Promise<void>;
  showExport(): Promise<void>;
  /** `typed` is what the creator typed; main refuses anything but the phrase. */
  deleteEverything(typed: string): Promise<boolean>;
}

export type YourDataStore = StoreApi<YourDataState>;

export { DELETE_EVERYTHING_PHRASE };

export function createYourDataStore(transport: Transport): YourDataStore {
  return createStore<YourDataState>()((set, get) => {
    transport.on('library:exportProgress', ({ percent, bytesWritten, bytesTotal }) => {
      // Another window's export is not this one's to show.
      if (get().exporting) set({ progress: { percent, bytesWritten, bytesTotal } });
    });
    return {
      exporting: false,
      progress: null,
      exported: null,
      deleting: false,
      deleted: false,
      error: null,
      async exportAll(destination) {
        set({ exporting: true, progress: null, error: null, deleted: false });
        const answer = await transport.invoke('library:export', destination === undefined ? {} : { destination });
        if (!answer.ok) set({ exporting: false, progress: null, error: answer.error });
        // A dismissed save dialog leaves the last export as it was.
        else set({ exporting: false, progress: null, ...(answer.value.written ? { exported: answer.value } : {}) });
      },
      async showExport() {
        const answer = await transport.invoke('library:showExport');
        set({ error: answer.ok ? null : answer.error });
      },
      async deleteEverything(typed) {
        if (typed.trim().toLowerCase() !== DELETE_EVERYTHING_PHRASE) return false;
        set({ deleting: true, error: null });
        const answer = await transport.invoke('library:deleteEverything', { confirm: DELETE_EVERYTHING_PHRASE });
        set({ deleting: false, ...(answer.ok ? { deleted: true, exported: null } : { error: answer.error }) });
        return answer.ok;
      },
    };
  });
}
