import { createContext, useContext } from 'react';
import type { Transport } from '../transport/transport.js';
import { createCreateStore, type CreateStore } from './create-store.js';
import { createDiagnosticsStore, type DiagnosticsStore } from './diagnostics-store.js';
import { createJobsStore, type JobsStore } from './jobs-store.js';
import { createLibraryStore, type LibraryStore } from './library-store.js';
import { createMotionPreviewStore, type MotionPreviewStore } from './motion-preview-store.js';
import { createNavigationStore, type NavigationPage, type NavigationStore } from './navigation-store.js';
import { createResultStore, type ResultStore } from './result-store.js';
import { createAccountStore, type AccountStore } from './account-store.js';
import { createProvidersStore, type ProvidersStore } from './providers-store.js';
import { createSettingsStore, type SettingsStore } from './settings-store.js';
import { createUpdatesStore, type UpdatesStore } from './updates-store.js';
import { createSpendStore, type SpendStore } from './spend-store.js';
import { createYourDataStore, type YourDataStore } from './your-data-store.js';

/** Every store of one window, each small and about one thing, all on the same transport. */
export interface AppStores {
  navigation: NavigationStore;
  settings: SettingsStore;
  create: CreateStore;
  /** The Create form's short preview of the chosen motion. */
  motionPreview: MotionPreviewStore;
  library: LibraryStore;
  jobs: JobsStore;
  /** The project the result screen shows. */
  result: ResultStore;
  diagnostics: DiagnosticsStore;
  /** Today's cloud spending and its 80 % alert, for the banners. */
  spend: SpendStore;
  providers: ProvidersStore;
  account: AccountStore;
  /** Settings → Your data: export everything, delete everything. */
  yourData: YourDataStore;
  /** The app's own update and its "Restart to update". */
  updates: UpdatesStore;
}

export interface AppPage extends NavigationPage {
  storage: Storage | null;
  root: HTMLElement;
}

export function createAppStores(transport: Transport, page: AppPage): AppStores {
  const settings = createSettingsStore(transport, page);
  const create = createCreateStore(transport, settings.getState(), () => settings.getState().size);
  settings.subscribe((now, before) => {
    if (now.language !== before.language || now.voice !== before.voice || now.platforms !== before.platforms || now.voiceByLanguage !== before.voiceByLanguage) create.getState().adoptDefaults(now);
  });
  return {
    navigation: createNavigationStore(page),
    settings,
    create,
    motionPreview: createMotionPreviewStore(transport, create),
    library: createLibraryStore(transport),
    jobs: createJobsStore(transport),
    result: createResultStore(transport),
    diagnostics: createDiagnosticsStore(transport),
    spend: createSpendStore(transport),
    providers: createProvidersStore(transport),
    account: createAccountStore(transport),
    updates: createUpdatesStore(transport),
    yourData: createYourDataStore(transport),
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
