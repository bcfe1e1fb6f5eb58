import { useStore } from 'zustand';
import type { UpdateState } from '../../src-shared/ipc/update-channels.js';
import { formatDateTime } from '../format.js';
import { useStores } from '../stores/app-stores.js';

/** One sentence for where the app's own update stands; main's own sentence where it gave one. */
function updateLine(update: UpdateState): string {
  switch (update.phase) {
    case 'off':
      return update.message ?? 'Updates are off for this copy of TalkingPhoto.';
    case 'idle':
      return 'Not checked yet: TalkingPhoto looks for updates on its own a little after it starts.';
    case 'checking':
      return 'Looking for a newer version…';
    case 'current':
      return 'You have the newest version.';
    case 'downloading':
      return `Downloading ${update.version ?? 'the new version'}${update.percent !== null ? ` (${Math.round(update.percent)} %)` : ''}: it installs when you restart.`;
    case 'ready':
      return `${update.version ?? 'A new version'} is downloaded: restart TalkingPhoto to install it.`;
    case 'failed':
      return update.message ?? 'The last check for updates failed: try again later.';
  }
}

/**
 * Settings → Updates: the version running, where its update stands, and "Check for updates"
 * (`updates:check`), the window's way to what Help → Check for Updates… does. The host and
 * development builds have no installer to replace: they say why, with no button.
 */
export function UpdatesPanel() {
  const updates = useStores().updates;
  const update = useStore(updates, (state) => state.update);
  const checking = useStore(updates, (state) => state.checking);
  const error = useStore(updates, (state) => state.error);
  const busy = checking || update?.phase === 'checking' || update?.phase === 'downloading';

  return (
    <section className="panel settings-section" aria-labelledby="settings-updates">
      <h2 id="settings-updates">Updates</h2>
      {update === null ? (
        <p className="hint">Asking which version this is…</p>
      ) : (
        <>
          <p>TalkingPhoto {update.currentVersion}</p>
          <p className="hint update-line" aria-live="polite">
            {updateLine(update)}
            {update.checkedAt && update.phase !== 'off' ? ` Last checked ${formatDateTime(update.checkedAt)}.` : ''}
          </p>
          {update.phase !== 'off' && (
            <button type="button" disabled={busy} onClick={() => void updates.getState().check()}>
              {busy ? 'Checking…' : 'Check for updates'}
            </button>
          )}
        </>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error.message}
        </p>
      )}
    </section>
  );
}
