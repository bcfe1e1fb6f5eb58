import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { Sidebar } from './components/Sidebar.js';
import { UndoToasts } from './components/UndoToasts.js';
import { CreateScreen } from './screens/CreateScreen.js';
import { DiagnosticsScreen } from './screens/DiagnosticsScreen.js';
import { LibraryScreen } from './screens/LibraryScreen.js';
import { QueueScreen } from './screens/QueueScreen.js';
import { ResultScreen } from './screens/ResultScreen.js';
import { SettingsScreen } from './screens/SettingsScreen.js';
import { StoresContext, useStores, type AppStores } from './stores/app-stores.js';
import { SCREEN_TITLES, sectionOf, type AppLocation } from './stores/navigation-store.js';

/** The window: navigation on the left, the current screen beside it, undo toasts above both. */
export function App({ stores }: { stores: AppStores }) {
  return (
    <StoresContext.Provider value={stores}>
      <Shell />
    </StoresContext.Provider>
  );
}

function Shell() {
  const { navigation, create, jobs, settings, updates } = useStores();
  const location = useStore(navigation, (state) => state.location);
  const main = useRef<HTMLElement>(null);
  const shownScreen = useRef(location.screen);

  useEffect(() => {
    // Once per window: the creator's preferences, what main offers (dialogs, recordings), the autosaved form, and the queue for the badge.
    void settings.getState().load();
    void create.getState().init();
    void jobs.getState().load();
    void updates.getState().load();
  }, [create, jobs, settings, updates]);

  useEffect(() => {
    document.title = `${SCREEN_TITLES[location.screen]} · TalkingPhoto`;
    if (shownScreen.current === location.screen) return;
    shownScreen.current = location.screen;
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [location.screen]);

  return (
    <div className="shell">
      <a
        href="#main"
        className="skip-link"
        onClick={(event) => {
          // The hash holds the route: a plain in-page jump would change screens.
          event.preventDefault();
          main.current?.focus();
        }}
      >
        Skip to content
      </a>
      <Sidebar current={sectionOf(location.screen)} />
      <main id="main" className="main" ref={main} tabIndex={-1}>
        <CurrentScreen location={location} />
      </main>
      <UndoToasts />
    </div>
  );
}

function CurrentScreen({ location }: { location: AppLocation }) {
  switch (location.screen) {
    case 'create':
      return <CreateScreen />;
    case 'queue':
      return <QueueScreen />;
    case 'library':
      return <LibraryScreen projectId={location.projectId} />;
    case 'project':
      // parseHash gives the project route an id; go() without one would be a caller's bug.
      return location.projectId ? <ResultScreen projectId={location.projectId} /> : <LibraryScreen projectId={null} />;
    case 'settings':
      return <SettingsScreen />;
    case 'diagnostics':
      return <DiagnosticsScreen />;
  }
}
