import { useRef } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../stores/app-stores.js';
import { talkingFace, type ImportStage } from '../stores/create-store.js';
import { Icon } from './Icon.js';
import { PhotoFaces } from './PhotoFaces.js';

const IMPORT_STEPS: Record<ImportStage, (name: string) => string> = {
  reading: (name) => `Reading ${name}…`,
  checking: (name) => `Checking ${name}, finding faces and enhancing it…`,
};

const PASTE_KEYS = /Mac|iPhone|iPad/u.test(globalThis.navigator?.userAgent ?? '') ? '⌘V' : 'Ctrl+V';

/**
 * The photo: a drop zone that is also a button (a native dialog in the desktop app, the
 * browser's file picker in the host's page), what main found in the photo, and why it
 * refused one. A refused photo leaves the last good one in place.
 */
export function PhotoPanel() {
  const store = useStores().create;
  const state = useStore(store);
  const input = useRef<HTMLInputElement>(null);
  // Until main answers, assume the desktop app: its dialog is what most creators see.
  const dialogs = state.engine?.capabilities.nativeDialogs ?? true;
  const busy = state.importing !== null || state.generating;

  const choose = (): void => {
    if (dialogs) void state.pickPhoto();
    else input.current?.click();
  };

  return (
    <section className="panel photo-panel" aria-labelledby="photo-heading">
      <h2 id="photo-heading">Photo</h2>
      {state.photo && state.photoUrls && <PhotoFaces photo={state.photo} urls={state.photoUrls} face={talkingFace(state)} onChooseFace={state.chooseFace} />}
      <div className={state.photo ? 'drop-zone compact' : 'drop-zone'}>
        <button type="button" className="drop-button" onClick={choose} disabled={busy} aria-describedby="photo-hint">
          <Icon name="portrait" size={state.photo ? 18 : 32} />
          <span className="drop-title">{state.photo ? 'Choose another photo…' : 'Choose photo…'}</span>
        </button>
        <p className="hint" id="photo-hint">
          Or drop it anywhere on this window, or paste it ({PASTE_KEYS}). A clear, front-facing portrait: JPEG, PNG, WebP, HEIC or AVIF, up to 50 MB.
        </p>
        <input
          ref={input}
          type="file"
          accept="image/*"
          hidden
          aria-label="Photo file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            // Cleared, so choosing the same file again is a change too.
            event.target.value = '';
            if (file) void state.importFile(file);
          }}
        />
        <div role="status" aria-live="polite" className="photo-status">
          {state.importing && (
            <p className="progress-text">
              <span className="spinner" aria-hidden="true" />
              {IMPORT_STEPS[state.importing.stage](state.importing.name)}
            </p>
          )}
        </div>
        {state.photoError && (
          <p className="error" role="alert">
            {state.photoError.message}
          </p>
        )}
      </div>
    </section>
  );
}
