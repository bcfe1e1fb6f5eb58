import { useStore } from 'zustand';
import { useStores } from '../stores/app-stores.js';

/**
 * A quiet notice once an update is downloaded and verified, in the window's notifications
 * (UndoToasts' live region): restart now, or later (it also installs when the app quits).
 * While a render runs, main holds the restart until the render is done, and the notice
 * says so.
 */
export function UpdateBanner() {
  const updates = useStores().updates;
  const update = useStore(updates, (state) => state.update);
  const dismissedVersion = useStore(updates, (state) => state.dismissedVersion);
  const restarting = useStore(updates, (state) => state.restarting);
  const error = useStore(updates, (state) => state.error);

  if (update?.phase !== 'ready' || (!update.restartWhenIdle && update.version === dismissedVersion)) return null;
  return (
    <div className="toast update-toast" data-update={update.version ?? ''}>
      {update.restartWhenIdle ? (
        <span>TalkingPhoto {update.version} installs as soon as the render in progress finishes.</span>
      ) : (
        <>
          <span>TalkingPhoto {update.version} is ready.</span>
          <button type="button" disabled={restarting} onClick={() => void updates.getState().restart()}>
            Restart to update
          </button>
          <button type="button" onClick={() => updates.getState().dismiss()}>
            Later
          </button>
        </>
      )}
      {error ? <span role="alert">{error.message}</span> : null}
    </div>
  );
}
