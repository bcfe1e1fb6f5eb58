import { createStore, type StoreApi } from 'zustand/vanilla';

/**
 * Which screen the window shows, kept in `location.hash` (`#/library/<projectId>`) so a
 * reload, or the back button, returns to the same place. The query string is left alone:
 * the host's `?token=` lives there.
 */

export const SCREENS = ['create', 'queue', 'library', 'settings', 'diagnostics'] as const;
export type Screen = (typeof SCREENS)[number];

export const SCREEN_TITLES: Record<Screen, string> = {
  create: 'Create',
  queue: 'Queue',
  library: 'Library',
  settings: 'Settings',
  diagnostics: 'Diagnostics',
};

export interface AppLocation {
  screen: Screen;
  /** The project open in the library's detail panel. */
  projectId: string | null;
}

export const HOME: AppLocation = { screen: 'create', projectId: null };

/** Main checks every id it is sent; this only keeps a mistyped address from reaching it. */
const PROJECT_ID = /^[A-Za-z0-9-]{1,64}$/;

const isScreen = (name: string): name is Screen => (SCREENS as readonly string[]).includes(name);

/** null for a hash this window did not write (an in-page anchor, a typo): the screen stays. */
export function parseHash(hash: string): AppLocation | null {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts.length === 0) return HOME;
  const [screen, id, ...rest] = parts;
  if (screen === undefined || !isScreen(screen) || rest.length > 0) return null;
  if (id === undefined) return { screen, projectId: null };
  const projectId = decodeURIComponent(id);
  return screen === 'library' && PROJECT_ID.test(projectId) ? { screen, projectId } : null;
}

export function hashFor(location: AppLocation): string {
  return location.projectId === null ? `#/${location.screen}` : `#/${location.screen}/${encodeURIComponent(location.projectId)}`;
}

const same = (a: AppLocation, b: AppLocation): boolean => a.screen === b.screen && a.projectId === b.projectId;

export interface NavigationState {
  location: AppLocation;
  go(screen: Screen, projectId?: string | null): void;
}

export type NavigationStore = StoreApi<NavigationState>;

export interface NavigationPage {
  location: { hash: string };
  addEventListener(type: 'hashchange', listener: () => void): void;
}

export function createNavigationStore(page: NavigationPage): NavigationStore {
  return createStore<NavigationState>()((set, get) => {
    page.addEventListener('hashchange', () => {
      const location = parseHash(page.location.hash);
      if (location && !same(location, get().location)) set({ location });
    });
    return {
      location: parseHash(page.location.hash) ?? HOME,
      go(screen, projectId = null) {
        const location = { screen, projectId };
        if (same(location, get().location)) return;
        set({ location });
        // A new history entry, so Back returns to the screen before.
        page.location.hash = hashFor(location);
      },
    };
  });
}
