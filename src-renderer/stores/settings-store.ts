import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Voice } from '../../src-shared/ipc/engine-channels.js';
import type { IpcError } from '../../src-shared/ipc/envelope.js';
import type { SettingsAnswer } from '../../src-shared/ipc/settings-channels.js';
import type { LanguageCode } from '../../src-shared/limits.js';
import type { PlatformId } from '../../src-shared/platforms.js';
import { DEFAULT_PREFERENCES, PreferencesSchema, THEMES, type Preferences, type PreferencesChange, type Theme, type VideoSize } from '../../src-shared/preferences.js';
import { isPlatformId, PLATFORM_IDS } from '../labels.js';
import type { Transport } from '../transport/transport.js';

/**
 * The creator's preferences as main keeps them (`settings:get`/`settings:set`), so the
 * desktop app and a browser tab on the host agree. The theme is also remembered in this
 * page's storage, only so the first paint of the next start is already in the right
 * colours; main's answer wins as soon as it comes. The theme is applied as `data-theme`
 * on <html>; styles.css resolves `system` with prefers-color-scheme.
 */

export { THEMES, type Theme };
export const THEME_STORAGE_KEY = 'talkingphoto.theme.v1';

export type LibraryLocation = SettingsAnswer['library'];

export interface SettingsState extends Preferences {
  /** Main has answered; until then the defaults (and the remembered theme) show. */
  loaded: boolean;
  library: LibraryLocation | null;
  /** The default language's voices, for the default voice picker. */
  voices: Voice[];
  /** The last change main refused, or a settings load that failed. */
  error: IpcError | null;
  load(): Promise<void>;
  /** The default language's voices, asked when Settings shows (the form asks its own). */
  loadVoices(): Promise<void>;
  setTheme(theme: Theme): Promise<void>;
  setLanguage(language: LanguageCode): Promise<void>;
  setVoice(voice: string | null): Promise<void>;
  setPlatform(platform: PlatformId, chosen: boolean): Promise<void>;
  setSize(size: VideoSize): Promise<void>;
  /** The desktop app's crash reports: sent to the crash collector only when true (off by default). */
  setUploadCrashReports(upload: boolean): Promise<void>;
  /** Asks main to move the library at the next start; `folder` is typed where there is no dialog. */
  moveLibrary(folder?: string): Promise<boolean>;
  showLibrary(): Promise<void>;
}

export type SettingsStore = StoreApi<SettingsState>;

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The theme this page last showed; anything unknown is the system's. */
export function rememberedTheme(storage: KeyValueStorage | null): Theme {
  try {
    const theme = storage?.getItem(THEME_STORAGE_KEY);
    return (THEMES as readonly unknown[]).includes(theme) ? (theme as Theme) : 'system';
  } catch {
    return 'system';
  }
}

export function createSettingsStore(transport: Transport, page: { storage: KeyValueStorage | null; root: HTMLElement }): SettingsStore {
  const store = createStore<SettingsState>()((set, get) => {
    let voicesOf: LanguageCode | null = null;
    const adopt = (answer: SettingsAnswer): void => set({ ...PreferencesSchema.parse(answer.preferences), library: answer.library, loaded: true, error: null });

    const change = async (changes: PreferencesChange, optimistic: Partial<Preferences>): Promise<void> => {
      // Shown at once, so a click answers in the same frame; main's answer (or refusal) settles it.
      const before = get();
      set({ ...optimistic, error: null });
      const answer = await transport.invoke('settings:set', changes);
      if (answer.ok) adopt(answer.value);
      else
        set({
          theme: before.theme,
          language: before.language,
          voice: before.voice,
          platforms: before.platforms,
          size: before.size,
          uploadCrashReports: before.uploadCrashReports,
          error: answer.error,
        });
    };

    return {
      ...DEFAULT_PREFERENCES,
      theme: rememberedTheme(page.storage),
      loaded: false,
      library: null,
      voices: [],
      error: null,
      async loadVoices() {
        const { language } = get();
        if (voicesOf === language) return;
        voicesOf = language;
        const answer = await transport.invoke('voices:list', { language });
        if (get().language === language) set({ voices: answer.ok ? answer.value.voices : [] });
      },
      async load() {
        const answer = await transport.invoke('settings:get');
        if (answer.ok) adopt(answer.value);
        else set({ error: answer.error });
      },
      setTheme: (theme) => change({ theme }, { theme }),
      setLanguage: (language) => change({ language }, { language, voice: null }),
      setVoice: (voice) => change({ voice }, { voice }),
      setSize: (size) => change({ size }, { size }),
      setUploadCrashReports: (uploadCrashReports) => change({ uploadCrashReports }, { uploadCrashReports }),
      setPlatform(platform, chosen) {
        if (!isPlatformId(platform)) return Promise.resolve();
        const others = get().platforms.filter((id) => id !== platform);
        const platforms = chosen ? PLATFORM_IDS.filter((id) => id === platform || others.includes(id)) : others;
        return change({ platforms }, { platforms });
      },
      async moveLibrary(folder) {
        const answer = await transport.invoke('library:move', folder === undefined ? {} : { folder });
        if (!answer.ok) {
          set({ error: answer.error });
          return false;
        }
        adopt(answer.value);
        return answer.value.chosen;
      },
      async showLibrary() {
        const answer = await transport.invoke('shell:showLibrary');
        set({ error: answer.ok ? null : answer.error });
      },
    };
  });
  const apply = (): void => {
    const { theme } = store.getState();
    page.root.dataset.theme = theme;
    try {
      page.storage?.setItem(THEME_STORAGE_KEY, theme);
    } catch {
      // Storage full or switched off: main still has it; only the next first paint may flash.
    }
  };
  apply();
  store.subscribe((now, before) => {
    if (now.theme !== before.theme) apply();
  });
  return store;
}
