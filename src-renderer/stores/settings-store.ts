import { createStore, type StoreApi } from 'zustand/vanilla';
import { SUPPORTED_LANGUAGES, type LanguageCode } from '../../src-shared/limits.js';
import type { PlatformId } from '../../src-shared/platforms.js';
import { isPlatformId, PLATFORM_IDS } from '../labels.js';

/**
 * The creator's preferences for this window, kept in localStorage until main has a
 * settings channel. The theme is applied as `data-theme` on <html>; styles.css resolves
 * `system` with prefers-color-scheme.
 */

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface Settings {
  theme: Theme;
  /** Where a new video's language starts. */
  language: LanguageCode;
  /** Platforms a new project's export kit is made for. */
  platforms: PlatformId[];
}

export const SETTINGS_STORAGE_KEY = 'talkingphoto.settings.v1';
export const DEFAULT_SETTINGS: Settings = { theme: 'system', language: 'en', platforms: [] };

export interface SettingsState extends Settings {
  setTheme(theme: Theme): void;
  setLanguage(language: LanguageCode): void;
  setPlatform(platform: PlatformId, chosen: boolean): void;
}

export type SettingsStore = StoreApi<SettingsState>;

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** Whatever was saved is read field by field: a value from an older or newer window is dropped, not trusted. */
export function readSettings(storage: KeyValueStorage | null): Settings {
  let saved: unknown;
  try {
    saved = JSON.parse(storage?.getItem(SETTINGS_STORAGE_KEY) ?? 'null');
  } catch {
    return DEFAULT_SETTINGS;
  }
  if (typeof saved !== 'object' || saved === null) return DEFAULT_SETTINGS;
  const { theme, language, platforms } = saved as Record<string, unknown>;
  return {
    theme: (THEMES as readonly unknown[]).includes(theme) ? (theme as Theme) : DEFAULT_SETTINGS.theme,
    language: (SUPPORTED_LANGUAGES as readonly unknown[]).includes(language) ? (language as LanguageCode) : DEFAULT_SETTINGS.language,
    platforms: Array.isArray(platforms) ? PLATFORM_IDS.filter((id) => platforms.includes(id)) : DEFAULT_SETTINGS.platforms,
  };
}

export function createSettingsStore(page: { storage: KeyValueStorage | null; root: HTMLElement }): SettingsStore {
  const store = createStore<SettingsState>()((set, get) => {
    const save = (changes: Partial<Settings>): void => {
      set(changes);
      const { theme, language, platforms } = get();
      try {
        page.storage?.setItem(SETTINGS_STORAGE_KEY, JSON.stringify({ theme, language, platforms }));
      } catch {
        // Storage full or switched off: the choice still holds until the window closes.
      }
    };
    return {
      ...readSettings(page.storage),
      setTheme: (theme) => save({ theme }),
      setLanguage: (language) => save({ language }),
      setPlatform(platform, chosen) {
        if (!isPlatformId(platform)) return;
        const others = get().platforms.filter((id) => id !== platform);
        save({ platforms: chosen ? PLATFORM_IDS.filter((id) => id === platform || others.includes(id)) : others });
      },
    };
  });
  const apply = (): void => {
    page.root.dataset.theme = store.getState().theme;
  };
  apply();
  store.subscribe(apply);
  return store;
}
