import { useStore } from 'zustand';
import { useStores } from '../stores/app-stores.js';
import { activeJobCount } from '../stores/jobs-store.js';
import { hashFor, SCREEN_TITLES, SCREENS, type Screen } from '../stores/navigation-store.js';
import { Icon } from './Icon.js';

export function Sidebar({ current }: { current: Screen }) {
  const { navigation, jobs } = useStores();
  const active = useStore(jobs, activeJobCount);
  return (
    <header className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <Icon name="portrait" size={16} />
        </span>
        <span className="brand-name">TalkingPhoto</span>
      </div>
      <nav aria-label="Sections">
        <ul className="nav-list">
          {SCREENS.map((screen) => (
            <li key={screen}>
              <a
                className="nav-link"
                href={hashFor({ screen, projectId: null })}
                aria-current={screen === current ? 'page' : undefined}
                onClick={(event) => {
                  event.preventDefault();
                  navigation.getState().go(screen);
                }}
              >
                <Icon name={screen} />
                <span>{SCREEN_TITLES[screen]}</span>
                {screen === 'queue' && active > 0 && (
                  <span className="nav-count">
                    {active}
                    <span className="visually-hidden"> active</span>
                  </span>
                )}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p className="sidebar-foot">Everything stays on this computer.</p>
    </header>
  );
}
