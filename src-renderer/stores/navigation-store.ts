import { createStore, type StoreApi } from 'zustand/vanilla';

/**
 * Which screen the window shows, kept in `location.hash` (`#/library/<projectId>`,
 * `#/project/<projectId>`) so a reload, or the back button, returns to the same place.
 * The query string is left alone: the host's `?token=` lives there.
 */

/** The sections the sidebar lists. */
export const SCREENS = ['create', 'queue', 'library', 'settings', 'diagnostics'] as const;
export type Screen = (typeof SCREENS)[number];

/** Every screen the window can show: the sections, and one project's result (reached from the library and the queue). */
export const ROUTES = [...SCREENS, 'project'] as const;
export type Route = (typeof ROUTES)[number];

export const SCREEN_TITLES: Record<Route, string> = {
  create: 'Create',
  queue: 'Queue',
  library: 'Library',
  settings: 'Settings',
  diagnostics: 'Diagnostics',
  project: 'Result',
};

/** The sidebar section a route belongs to: a project's result is part of the library. */
export const sectionOf = (route: Route): Screen => (route === 'project' ? 'library' : route);

export interface AppLocation {
  screen: Route;
  /** The project open in the library's detail panel, or shown by the result screen. */
  projectId: string | null;
}

export const HOME: AppLocation = { screen: 'create', projectId: null };

/** Main checks every id it is sent; this only keeps a mistyped address from reaching it. */
const PROJECT_ID = /^[A-Za-z0-9-]{1,64}$/;

const isRoute = (name: string): name is Route => (ROUTES as readonly string[]).includes(name);

/** Routes that may name a project; `project` must. */
const TAKES_PROJECT: ReadonlySet<Route> = new Set(['library', 'project']);

/** null for a hash this window did not write (an in-page anchor, a typo): the screen stays. */
export function parseHash(hash: string): AppLocation | null {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts.length === 0) return HOME;
  const [screen, id, ...rest] = parts;
  if (screen === undefined || !isRoute(screen) || rest.length > 0) return null;
  if (id === undefined) return screen === 'project' ? null : { screen, projectId: null };
  let projectId: string;
  try {
    projectId = decodeURIComponent(id);
  } catch {
    return null;
  }
  return TAKES_PROJECT.has(screen) && PROJECT_ID.test(projectId) ? { screen, projectId } : null;
}

export function hashFor(location: AppLocation): string {
  return location.projectId === null ? `#/${location.screen}` : `#/${location.screen}/${encodeURIComponent(location.projectId)}`;
}

const same = (a: AppLocation, b: AppLocation): boolean => a.screen === b.screen && a.projectId === b.projectId;

export interface NavigationState {
  location: AppLocation;
  go(screen: Route, projectId?: string | null): void;
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
