import { useState } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../stores/app-stores.js';

/**
 * Where the library lives, and moving it. The desktop app picks the new folder in a
 * dialog; the browser version takes a typed path. The move itself happens at the next
 * start, before anything opens the library (src-main/app/library/library-move.ts).
 */
export function LibraryLocationPanel() {
  const { settings, create } = useStores();
  const library = useStore(settings, (state) => state.library);
  const engine = useStore(create, (state) => state.engine);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const dialogs = engine?.capabilities.nativeDialogs ?? false;
  const fileManager = engine?.capabilities.showInFolder ?? false;

  const move = async (folder?: string): Promise<void> => {
    setBusy(true);
    try {
      if (await settings.getState().moveLibrary(folder)) setTyped('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel settings-section" aria-labelledby="settings-library">
      <h2 id="settings-library">Library location</h2>
      <p className="hint">Your projects, videos and kits are kept in this folder on this computer.</p>
      <p className="library-folder" data-testid="library-folder">
        {library?.folder ?? 'Loading…'}
      </p>
      {library?.movingTo && (
        <p className="notice" role="status">
          The library moves to <span className="library-folder">{library.movingTo}</span> the next time TalkingPhoto starts. Choose its current folder again to stay where it is.
        </p>
      )}
      {library?.problem && !library.movingTo && (
        <p className="error" role="alert">
          {library.problem}
        </p>
      )}
      <div className="button-row">
        {fileManager && (
          <button type="button" onClick={() => void settings.getState().showLibrary()}>
            Show in folder
          </button>
        )}
        {dialogs && (
          <button type="button" disabled={busy} onClick={() => void move()}>
            Move library…
          </button>
        )}
      </div>
      {!dialogs && (
        <form
          className="field move-library"
          onSubmit={(event) => {
            event.preventDefault();
            void move(typed.trim());
          }}
        >
          <label className="label" htmlFor="library-move-to">
            Move the library to
          </label>
          <div className="inline-field">
            <input
              id="library-move-to"
              type="text"
              value={typed}
              placeholder="/home/me/Videos/TalkingPhoto"
              aria-describedby="library-move-hint"
              spellCheck={false}
              onChange={(event) => setTyped(event.target.value)}
            />
            <button type="submit" disabled={busy || typed.trim() === ''}>
              Move
            </button>
          </div>
          <p className="hint" id="library-move-hint">
            The full path of an empty folder. The move happens when TalkingPhoto next starts.
          </p>
        </form>
      )}
    </section>
  );
}
