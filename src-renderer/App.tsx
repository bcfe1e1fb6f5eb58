import { useStore } from 'zustand';
import { MAX_SCRIPT_CHARS, SUPPORTED_LANGUAGES, type LanguageCode } from '../src-shared/limits.js';
import { baseName, canRender, scriptLength, type RenderStore } from './render-store.js';

/** Each language named in itself, so a creator finds their own. */
const LANGUAGE_NAMES: Record<LanguageCode, string> = {
  en: 'English',
  hi: 'हिन्दी (Hindi)',
  es: 'Español (Spanish)',
  fr: 'Français (French)',
  de: 'Deutsch (German)',
  ja: '日本語 (Japanese)',
  ko: '한국어 (Korean)',
  zh: '中文 (Chinese)',
};

const isLanguage = (value: string): value is LanguageCode => (SUPPORTED_LANGUAGES as readonly string[]).includes(value);

export function App({ store }: { store: RenderStore }) {
  const state = useStore(store);
  const busy = state.status === 'rendering' || state.status === 'cancelling';
  const length = scriptLength(state.script);
  const over = length > MAX_SCRIPT_CHARS;

  return (
    <div className="app">
      <header className="app-header">
        <h1>TalkingPhoto</h1>
        <p className="tagline">A portrait and a script in, a talking video out, made on this computer.</p>
      </header>

      <main className="layout">
        <form
          className="panel form"
          aria-label="New video"
          onSubmit={(event) => {
            event.preventDefault();
            void state.render();
          }}
        >
          <div className="field">
            <span className="label" id="photo-label">
              Photo
            </span>
            <div className="picker">
              <button type="button" onClick={() => void state.pickPhoto()} disabled={busy} aria-labelledby="photo-label photo-button" aria-describedby="photo-name" id="photo-button">
                Choose photo…
              </button>
              <span id="photo-name" className={state.photoPath ? 'chosen' : 'chosen empty'} title={state.photoPath ?? undefined}>
                {state.photoPath ? baseName(state.photoPath) : 'No photo chosen'}
              </span>
            </div>
            <p className="hint">A clear, front-facing portrait: JPEG, PNG, WebP, HEIC or AVIF.</p>
          </div>

          <div className="field">
            <label className="label" htmlFor="script">
              Script
            </label>
            <textarea
              id="script"
              value={state.script}
              onChange={(event) => state.setScript(event.target.value)}
              rows={6}
              disabled={busy}
              aria-describedby="script-count"
              aria-invalid={over || undefined}
              placeholder="What should the photo say?"
            />
            <p id="script-count" className={over ? 'count over' : 'count'}>
              {length.toLocaleString()} / {MAX_SCRIPT_CHARS.toLocaleString()} characters
              {over ? ` — ${(length - MAX_SCRIPT_CHARS).toLocaleString()} too many` : ''}
            </p>
          </div>

          <div className="field">
            <label className="label" htmlFor="language">
              Language
            </label>
            <select
              id="language"
              value={state.language}
              disabled={busy}
              onChange={(event) => {
                if (isLanguage(event.target.value)) state.setLanguage(event.target.value);
              }}
            >
              {SUPPORTED_LANGUAGES.map((code) => (
                <option key={code} value={code}>
                  {LANGUAGE_NAMES[code]}
                </option>
              ))}
            </select>
          </div>

          <div className="field">
            <span className="label" id="folder-label">
              Save to
            </span>
            <div className="picker">
              <button type="button" onClick={() => void state.pickOutputFolder()} disabled={busy} aria-labelledby="folder-label folder-button" aria-describedby="folder-name" id="folder-button">
                Choose folder…
              </button>
              <span id="folder-name" className={state.outDir ? 'chosen' : 'chosen empty'} title={state.outDir ?? undefined}>
                {state.outDir ?? 'No folder chosen'}
              </span>
            </div>
          </div>

          <div className="actions">
            <button type="submit" className="primary" disabled={!canRender(state)}>
              Render video
            </button>
            {busy && (
              <button type="button" onClick={() => void state.cancel()} disabled={state.status === 'cancelling'}>
                {state.status === 'cancelling' ? 'Cancelling…' : 'Cancel'}
              </button>
            )}
          </div>

          <div className="status" role="status" aria-live="polite">
            {busy && <ProgressLine message={state.progress?.message} percent={state.progress?.percent} />}
            {!busy && state.notice && <p className="notice">{state.notice}</p>}
          </div>

          {state.error && (
            <p className="error" role="alert">
              {state.error.message}
            </p>
          )}
        </form>

        <section className="panel preview" aria-label="Your video">
          {state.videoUrl ? (
            <>
              <video className="video" src={state.videoUrl} controls autoPlay aria-label="The finished talking video" />
              <div className="video-bar">
                {state.report && (
                  <span className="meta">
                    {state.report.output.durationS.toFixed(1)} s · {state.report.output.width}×{state.report.output.height}
                  </span>
                )}
                <button type="button" onClick={() => void state.showInFolder()}>
                  Show in folder
                </button>
              </div>
            </>
          ) : (
            <div className="placeholder">
              <p>{busy ? 'Your video is being made…' : 'Your video will play here.'}</p>
            </div>
          )}
        </section>
      </main>
    </div>
  );
}

function ProgressLine({ message, percent }: { message: string | undefined; percent: number | undefined }) {
  const shown = percent === undefined ? undefined : Math.floor(percent);
  return (
    <div className="progress">
      <progress max={100} value={shown} aria-label="Render progress" />
      <span>
        {message ?? 'Starting'}
        {shown === undefined ? '…' : ` — ${shown}%`}
      </span>
    </div>
  );
}

/** Shown when the page runs outside the desktop app (a browser, a preview): no bridge, no engine. */
export function NeedsDesktopApp() {
  return (
    <div className="app">
      <main className="panel needs-app" role="alert">
        <h1>TalkingPhoto</h1>
        <p>This screen needs the desktop app.</p>
        <p className="hint">It was opened without the TalkingPhoto window around it, so it cannot reach your files or make videos. Start the app with “npm start”.</p>
      </main>
    </div>
  );
}
