import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DesktopApi, DesktopError } from '../src-shared/desktop-api.js';
import { MAX_SCRIPT_CHARS, SUPPORTED_LANGUAGES, type LanguageCode } from '../src-shared/limits.js';
import type { RenderProgress } from '../src-shared/render.js';
import type { RenderReport } from '../src-shared/report.js';

/** The bridge the preload exposes; absent when the page is opened outside the desktop app. */
export function desktopBridge(): DesktopApi | undefined {
  return (window as Window & { talkingPhoto?: DesktopApi }).talkingPhoto;
}

export type RenderStatus = 'idle' | 'rendering' | 'cancelling' | 'done';

export interface RenderState {
  photoPath: string | null;
  script: string;
  language: LanguageCode;
  outDir: string | null;
  status: RenderStatus;
  progress: RenderProgress | null;
  /** The sentence shown when a render is refused or fails. */
  error: DesktopError | null;
  /** Shown after a cancel; not an error. */
  notice: string | null;
  report: RenderReport | null;
  /** blob: URL of the finished video, revoked when the next render starts. */
  videoUrl: string | null;

  pickPhoto(): Promise<void>;
  pickOutputFolder(): Promise<void>;
  setScript(script: string): void;
  setLanguage(language: LanguageCode): void;
  render(): Promise<void>;
  cancel(): Promise<void>;
  showInFolder(): Promise<void>;
}

export type RenderStore = StoreApi<RenderState>;

/** Length as the engine's validator counts it (UTF-16 code units, like `String#length`). */
export const scriptLength = (script: string): number => script.length;

export function canRender(state: RenderState): boolean {
  const length = scriptLength(state.script);
  return (
    state.status !== 'rendering' &&
    state.status !== 'cancelling' &&
    state.photoPath !== null &&
    state.outDir !== null &&
    state.script.trim().length > 0 &&
    length <= MAX_SCRIPT_CHARS
  );
}

/** The last part of a path, for showing a chosen file without the folders around it. */
export function baseName(filePath: string): string {
  return filePath.split(/[\\/]/).filter(Boolean).pop() ?? filePath;
}

const SOMETHING_WENT_WRONG: DesktopError = {
  code: 'UNEXPECTED',
  message: 'Something went wrong in the app window: try again, and restart the app if it happens twice.',
};

export function createRenderStore(api: DesktopApi): RenderStore {
  return createStore<RenderState>()((set, get) => {
    const failed = (error: unknown): void => {
      console.error(error);
      set({ status: 'idle', progress: null, error: SOMETHING_WENT_WRONG });
    };

    return {
      photoPath: null,
      script: '',
      language: SUPPORTED_LANGUAGES[0],
      outDir: null,
      status: 'idle',
      progress: null,
      error: null,
      notice: null,
      report: null,
      videoUrl: null,

      async pickPhoto() {
        try {
          const chosen = await api.pickPhoto();
          if (chosen) set({ photoPath: chosen, error: null });
        } catch (error) {
          failed(error);
        }
      },

      async pickOutputFolder() {
        try {
          const chosen = await api.pickOutputFolder();
          if (chosen) set({ outDir: chosen, error: null });
        } catch (error) {
          failed(error);
        }
      },

      setScript: (script) => set({ script }),
      setLanguage: (language) => set({ language }),

      async render() {
        const state = get();
        if (!canRender(state) || state.photoPath === null || state.outDir === null) return;
        if (state.videoUrl) URL.revokeObjectURL(state.videoUrl);
        set({ status: 'rendering', progress: null, error: null, notice: null, report: null, videoUrl: null });
        const unsubscribe = api.onProgress((progress) => {
          if (get().status === 'rendering') set({ progress });
        });
        try {
          const outcome = await api.render({
            photoPath: state.photoPath,
            script: state.script,
            language: state.language,
            outDir: state.outDir,
          });
          if (!outcome.ok) {
            const cancelled = outcome.error.code === 'CANCELLED';
            set({
              status: 'idle',
              progress: null,
              error: cancelled ? null : outcome.error,
              notice: cancelled ? outcome.error.message : null,
            });
            return;
          }
          const bytes = await api.lastVideo();
          if (!bytes) {
            set({
              status: 'done',
              progress: null,
              report: outcome.report,
              error: { code: 'FILE_NOT_FOUND', message: 'The video was made but could not be read back: it may have been moved.' },
            });
            return;
          }
          const videoUrl = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'video/mp4' }));
          set({ status: 'done', progress: null, report: outcome.report, videoUrl });
        } catch (error) {
          failed(error);
        } finally {
          unsubscribe();
        }
      },

      async cancel() {
        if (get().status !== 'rendering') return;
        set({ status: 'cancelling' });
        try {
          await api.cancel();
        } catch (error) {
          failed(error);
        }
      },

      async showInFolder() {
        try {
          await api.showInFolder();
        } catch (error) {
          failed(error);
        }
      },
    };
  });
}
