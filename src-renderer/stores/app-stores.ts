import { createContext, useContext } from 'react';
import type { Transport } from '../transport/transport.js';
import { createDiagnosticsStore, type DiagnosticsStore } from './diagnostics-store.js';
import { createJobsStore, type JobsStore } from './jobs-store.js';
import { createLibraryStore, type LibraryStore } from './library-store.js';
import { createNavigationStore, type NavigationPage, type NavigationStore } from './navigation-store.js';
import { createRenderStore, type RenderStore } from './render-store.js';
import { createSettingsStore, type SettingsStore } from './settings-store.js';

/** Every store of one window, each small and about one thing, all on the same transport. */
export interface AppStores {
  navigation: NavigationStore;
  settings: SettingsStore;
  render: RenderStore;
  library: LibraryStore;
  jobs: JobsStore;
  diagnostics: DiagnosticsStore;
}

export interface AppPage extends NavigationPage {
  storage: Storage | null;
  root: HTMLElement;
}

export function createAppStores(transport: Transport, page: AppPage): AppStores {
  const settings = createSettingsStore(page);
  return {
    navigation: createNavigationStore(page),
    settings,
    render: createRenderStore(transport, { language: settings.getState().language }),
    library: createLibraryStore(transport),
    jobs: createJobsStore(transport),
    diagnostics: createDiagnosticsStore(transport),
  };
}

/** localStorage throws in a page whose storage is switched off; preferences then last until it closes. */
export function pageStorage(page: { localStorage: Storage }): Storage | null {
  try {
    return page.localStorage;
  } catch {
    return null;
  }
}

export const StoresContext = createContext<AppStores | null>(null);

export function useStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores outside <StoresContext.Provider>');
  return stores;
}
