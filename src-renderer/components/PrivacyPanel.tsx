import { useStore } from 'zustand';
import { useStores } from '../stores/app-stores.js';

/**
 * Settings → Privacy: what leaves this computer. Crash reports stay in the data folder
 * unless the creator ticks the box (src-main/app/log/crash-reports.ts); the log never holds
 * keys, tokens, email addresses or the home folder's name.
 */
export function PrivacyPanel() {
  const { settings, create } = useStores();
  const upload = useStore(settings, (state) => state.uploadCrashReports);
  const loaded = useStore(settings, (state) => state.loaded);
  // Only the desktop app has a crash reporter; the browser version shows the saved choice.
  const desktop = useStore(create, (state) => state.engine?.capabilities.nativeDialogs ?? false);

  return (
    <section className="panel settings-section" aria-labelledby="settings-privacy">
      <h2 id="settings-privacy">Privacy</h2>
      <label className="check">
        <input type="checkbox" checked={upload} disabled={!loaded} onChange={(event) => void settings.getState().setUploadCrashReports(event.target.checked)} />
        Send crash reports
      </label>
      <p className="hint">
        {upload
          ? 'When TalkingPhoto crashes, its crash report (where the app stopped, with the memory around it, which may hold bits of what you were working on) is sent to the TalkingPhoto team to help fix it. Untick to keep them on this computer.'
          : 'Off: when TalkingPhoto crashes, its crash report stays on this computer, in the crashes folder beside the library. Tick to send them and help fix the crash.'}
        {!desktop && ' This applies to the desktop app.'}
      </p>
      <p className="hint">The app’s log (the logs folder beside the library) never records keys, tokens, email addresses or your home folder’s name.</p>
    </section>
  );
}
