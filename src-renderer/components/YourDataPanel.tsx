import { useState } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../stores/app-stores.js';
import { DELETE_EVERYTHING_PHRASE } from '../stores/your-data-store.js';
import { TypedConfirmation } from './TypedConfirmation.js';

/**
 * Settings → Your data (SPEC §6). Export writes one zip of every project, file, setting,
 * the plan and the purchases; Delete everything empties the library once the creator has
 * typed the phrase, so a stray click can never do it.
 */

const megabytes = (bytes: number): string => `${(bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0)} MB`;

const ACCOUNT_LINE = {
  included: 'Your plan and purchases from your TalkingPhoto account are included.',
  'signed-out': 'You are signed out, so the zip has your plan on this computer but no purchases: sign in under Account and export again to add them.',
  unreachable: 'The account service could not be reached, so the purchases are missing (purchases.json says why): export again later to add them.',
} as const;

function ExportData() {
  const { yourData, create } = useStores();
  const state = useStore(yourData);
  const engine = useStore(create, (s) => s.engine);
  const dialogs = engine?.capabilities.nativeDialogs ?? false;
  const fileManager = engine?.capabilities.showInFolder ?? false;
  const [typed, setTyped] = useState('');
  const { progress, exported } = state;

  return (
    <div className="data-action">
      <h3>Export all my data</h3>
      <p className="hint">
        One zip with every project, photo, recording, video and kit, your settings, your plan and purchases, and what TalkingPhoto counts. Nothing about your use is ever sent anywhere.
      </p>
      {dialogs ? (
        <div className="button-row">
          <button type="button" disabled={state.exporting} onClick={() => void yourData.getState().exportAll()}>
            Export all my data…
          </button>
        </div>
      ) : (
        <form
          className="field"
          onSubmit={(event) => {
            event.preventDefault();
            void yourData.getState().exportAll(typed.trim());
          }}
        >
          <label className="label" htmlFor="export-to">
            Save the zip as
          </label>
          <div className="inline-field">
            <input id="export-to" type="text" value={typed} placeholder="/home/me/talkingphoto-export.zip" spellCheck={false} onChange={(event) => setTyped(event.target.value)} />
            <button type="submit" disabled={state.exporting || typed.trim() === ''}>
              Export all my data
            </button>
          </div>
        </form>
      )}
      {state.exporting && (
        <div className="export-progress" role="status">
          <progress max={100} value={progress?.percent ?? 0} aria-label="Export progress" />
          <span>{progress ? `${progress.percent} % · ${megabytes(progress.bytesWritten)} of about ${megabytes(progress.bytesTotal)}` : 'Preparing the export…'}</span>
        </div>
      )}
      {exported?.file && !state.exporting && (
        <div className="export-done" role="status">
          <p>
            Exported {exported.projects} project{exported.projects === 1 ? '' : 's'} and {exported.files} files ({megabytes(exported.bytes)}) to{' '}
            <span className="library-folder" data-testid="export-file">
              {exported.file}
            </span>
          </p>
          <p className="hint">{ACCOUNT_LINE[exported.account]}</p>
          {fileManager && (
            <div className="button-row">
              <button type="button" onClick={() => void yourData.getState().showExport()}>
                Show in folder
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}

function DeleteEverything() {
  const { yourData, library, settings, account } = useStores();
  const state = useStore(yourData);
  const [typed, setTyped] = useState('');

  return (
    <form
      className="data-action danger-zone"
      onSubmit={(event) => {
        event.preventDefault();
        void yourData
          .getState()
          .deleteEverything(typed)
          .then(async (done) => {
            if (!done) return;
            setTyped('');
            // Everything the other screens show came from the library that is now empty.
            // The saved plan went with the settings: the Account panel shows what main now concludes.
            await Promise.all([library.getState().load(), settings.getState().load(), account.getState().load()]);
          });
      }}
    >
      <h3>Delete everything</h3>
      <p className="hint">
        Every project, photo, recording, video, kit, setting, backup and usage record on this computer, for good. Your account at the TalkingPhoto service stays (delete it under Account): a paid plan
        comes back with Refresh plan. This month’s count of videos made stays too, as dates alone with nothing of their content: your plan’s videos a month are counted from it. Export first if you may
        want any of it back.
      </p>
      <TypedConfirmation id="delete-everything-confirm" phrase={DELETE_EVERYTHING_PHRASE} typed={typed} onTyped={setTyped} busy={state.deleting} action="Delete everything" busyAction="Deleting…" />
      {state.deleted && (
        <p className="notice" role="status">
          Everything is deleted: the library is empty.
        </p>
      )}
    </form>
  );
}

export function YourDataPanel() {
  const { yourData } = useStores();
  const error = useStore(yourData, (s) => s.error);
  return (
    <section className="panel settings-section" aria-labelledby="settings-your-data">
      <h2 id="settings-your-data">Your data</h2>
      {error && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
      <ExportData />
      <DeleteEverything />
    </section>
  );
}
