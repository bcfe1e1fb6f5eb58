import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EngineStatus, Voice } from '../../src-shared/ipc/engine-channels.js';
import type { IpcError } from '../../src-shared/ipc/envelope.js';
import type { RenderProgressEvent } from '../../src-shared/ipc/render-channels.js';
import { MAX_SCRIPT_CHARS, SUPPORTED_LANGUAGES, type LanguageCode } from '../../src-shared/limits.js';
import type { RenderReport } from '../../src-shared/report.js';
import type { Transport } from '../transport/transport.js';

export type RenderStatus = 'idle' | 'starting' | 'rendering' | 'cancelling' | 'done';

export interface RenderState {
  /** What main offers; null until it answered. Decides dialogs or typed paths. */
  engine: EngineStatus | null;
  photoPath: string | null;
  script: string;
  language: LanguageCode;
  voices: Voice[];
  /** A voice id of `language`, or null for its default. */
  voice: string | null;
  outDir: string | null;
  status: RenderStatus;
  renderId: string | null;
  progress: RenderProgressEvent | null;
  /** The sentence shown when a request is refused or a render fails. */
  error: IpcError | null;
  /** Shown after a cancel; not an error. */
  notice: string | null;
  report: RenderReport | null;
  /** Where the finished video plays from (the host's media route or the app's media protocol). */
  videoUrl: string | null;
  /** Where the finished files were saved. */
  savedTo: string | null;

  init(): Promise<void>;
  pickPhoto(): Promise<void>;
  pickOutputFolder(): Promise<void>;
  setPhotoPath(path: string): void;
  setOutDir(path: string): void;
  setScript(script: string): void;
  setLanguage(language: LanguageCode): Promise<void>;
  setVoice(voice: string | null): void;
  render(): Promise<void>;
  cancel(): Promise<void>;
  showInFolder(): Promise<void>;
}

export type RenderStore = StoreApi<RenderState>;

/** Length as the engine's validator counts it (UTF-16 code units, like `String#length`). */
export const scriptLength = (script: string): number => script.length;

export const isBusy = (status: RenderStatus): boolean => status === 'starting' || status === 'rendering' || status === 'cancelling';

export function canRender(state: RenderState): boolean {
  const length = scriptLength(state.script);
  return (
    !isBusy(state.status) &&
    !!state.photoPath?.trim() &&
    !!state.outDir?.trim() &&
    state.script.trim().length > 0 &&
    length <= MAX_SCRIPT_CHARS
  );
}

/** The last part of a path, for showing a chosen file without the folders around it. */
export function baseName(filePath: string): string {
  return filePath.split(/[\\/]/).filter(Boolean).pop() ?? filePath;
}

/** `language`: where the new video starts, the creator's default from Settings. */
export function createRenderStore(transport: Transport, defaults: { language?: LanguageCode } = {}): RenderStore {
  return createStore<RenderState>()((set, get) => {
    const refused = (error: IpcError): void => set({ status: get().status === 'done' ? 'done' : 'idle', progress: null, error });

    transport.on('render:progress', (progress) => {
      const state = get();
      if (state.renderId === progress.renderId && state.status === 'rendering') set({ progress });
    });
    transport.on('render:finished', (finished) => {
      if (get().renderId !== finished.renderId) return;
      if (!finished.ok) {
        const cancelled = finished.error.code === 'CANCELLED';
        set({ status: 'idle', progress: null, error: cancelled ? null : finished.error, notice: cancelled ? finished.error.message : null });
        return;
      }
      set({ status: 'done', progress: null, report: finished.report, videoUrl: transport.mediaUrl(finished.video), savedTo: finished.outDir });
    });
    transport.onDisconnect(() => {
      if (isBusy(get().status)) {
        set({
          status: 'idle',
          progress: null,
          error: { code: 'UNEXPECTED', message: 'Lost the connection to TalkingPhoto while the video was being made: restart it and try again.' },
        });
      }
    });

    const loadVoices = async (language: LanguageCode): Promise<void> => {
      const answer = await transport.invoke('voices:list', { language });
      // A language switched again meanwhile keeps its own list.
      if (answer.ok && get().language === language) set({ voices: answer.value.voices, voice: null });
    };

    return {
      engine: null,
      photoPath: null,
      script: '',
      language: defaults.language ?? SUPPORTED_LANGUAGES[0],
      voices: [],
      voice: null,
      outDir: null,
      status: 'idle',
      renderId: null,
      progress: null,
      error: null,
      notice: null,
      report: null,
      videoUrl: null,
      savedTo: null,

      async init() {
        const status = await transport.invoke('engine:status');
        if (!status.ok) return refused(status.error);
        set({ engine: status.value });
        await loadVoices(get().language);
      },

      async pickPhoto() {
        const answer = await transport.invoke('dialog:pickPhoto');
        if (!answer.ok) return refused(answer.error);
        if (answer.value.path) set({ photoPath: answer.value.path, error: null });
      },

      async pickOutputFolder() {
        const answer = await transport.invoke('dialog:pickOutputFolder');
        if (!answer.ok) return refused(answer.error);
        if (answer.value.path) set({ outDir: answer.value.path, error: null });
      },

      setPhotoPath: (photoPath) => set({ photoPath }),
      setOutDir: (outDir) => set({ outDir }),
      setScript: (script) => set({ script }),
      async setLanguage(language) {
        set({ language, voice: null, voices: [] });
        await loadVoices(language);
      },
      setVoice: (voice) => set({ voice }),

      async render() {
        const state = get();
        if (!canRender(state) || state.photoPath === null || state.outDir === null) return;
        set({ status: 'starting', renderId: null, progress: null, error: null, notice: null, report: null, videoUrl: null, savedTo: null });
        const answer = await transport.invoke('render:start', {
          photoPath: state.photoPath.trim(),
          script: state.script,
          language: state.language,
          ...(state.voice ? { voice: state.voice } : {}),
          outDir: state.outDir.trim(),
        });
        if (!answer.ok) return refused(answer.error);
        set({ status: 'rendering', renderId: answer.value.renderId });
      },

      async cancel() {
        const { status, renderId } = get();
        if (status !== 'rendering' || renderId === null) return;
        set({ status: 'cancelling' });
        const answer = await transport.invoke('render:cancel', { renderId });
        // Still running: the creator may try again.
        if (!answer.ok && get().status === 'cancelling') set({ status: 'rendering', error: answer.error });
      },

      async showInFolder() {
        const { renderId } = get();
        if (renderId === null) return;
        const answer = await transport.invoke('shell:showInFolder', { renderId });
        if (!answer.ok) refused(answer.error);
      },
    };
  });
}
