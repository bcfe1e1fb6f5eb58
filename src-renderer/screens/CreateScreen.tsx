import { useStore } from 'zustand';
import { MAX_SCRIPT_CHARS, SUPPORTED_LANGUAGES, type LanguageCode } from '../../src-shared/limits.js';
import { ChosenPath, TypedPath } from '../components/PathField.js';
import { ScreenHeader } from '../components/ScreenHeader.js';
import { LANGUAGE_NAMES } from '../labels.js';
import { useStores } from '../stores/app-stores.js';
import { baseName, canRender, isBusy, scriptLength, type RenderState } from '../stores/render-store.js';

const PHOTO_HINT = 'A clear, front-facing portrait: JPEG, PNG, WebP, HEIC or AVIF.';

const isLanguage = (value: string): value is LanguageCode => (SUPPORTED_LANGUAGES as readonly string[]).includes(value);

/** A photo and a script in, a video out: one render through the `render:*` channels. */
export function CreateScreen() {
  const state = useStore(useStores().render);
  const busy = isBusy(state.status);
  const length = scriptLength(state.script);
  const over = length > MAX_SCRIPT_CHARS;
  // Until main answers, assume the desktop app: its buttons are what most creators see.
  const dialogs = state.engine?.capabilities.nativeDialogs ?? true;

  return (
    <div className="screen create-screen">
      <ScreenHeader title="Create" subtitle="A portrait and a script in, a talking video out, made on this computer." />
      <div className="layout">
        <form
          className="panel form"
          aria-label="New video"
          onSubmit={(event) => {
            event.preventDefault();
            void state.render();
          }}
        >
          {dialogs ? (
            <ChosenPath
              id="photo"
              label="Photo"
              button="Choose photo…"
              value={state.photoPath ? baseName(state.photoPath) : null}
              title={state.photoPath}
              empty="No photo chosen"
              disabled={busy}
              onChoose={() => void state.pickPhoto()}
              hint={PHOTO_HINT}
            />
          ) : (
            <TypedPath
              id="photo"
              label="Photo file"
              placeholder="/full/path/to/portrait.jpg"
              value={state.photoPath}
              disabled={busy}
              onChange={state.setPhotoPath}
              hint={PHOTO_HINT}
            />
          )}

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

          {/* Language and voice side by side: the whole form fits a 1280×720 window. */}
          <div className="field-row">
            <div className="field">
              <label className="label" htmlFor="language">
                Language
              </label>
              <select
                id="language"
                value={state.language}
                disabled={busy}
                onChange={(event) => {
                  if (isLanguage(event.target.value)) void state.setLanguage(event.target.value);
                }}
              >
                {SUPPORTED_LANGUAGES.map((code) => (
                  <option key={code} value={code}>
                    {LANGUAGE_NAMES[code]}
                  </option>
                ))}
              </select>
            </div>

            {state.voices.length > 1 && (
              <div className="field">
                <label className="label" htmlFor="voice">
                  Voice
                </label>
                <select id="voice" value={state.voice ?? ''} disabled={busy} onChange={(event) => state.setVoice(event.target.value || null)}>
                  {state.voices.map((voice) => (
                    <option key={voice.id} value={voice.isDefault ? '' : voice.id}>
                      {voice.label}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </div>

          {dialogs ? (
            <ChosenPath
              id="folder"
              label="Save to"
              button="Choose folder…"
              value={state.outDir}
              title={state.outDir}
              empty="No folder chosen"
              disabled={busy}
              onChoose={() => void state.pickOutputFolder()}
            />
          ) : (
            <TypedPath
              id="folder"
              label="Save to folder"
              placeholder="/full/path/to/output-folder"
              value={state.outDir}
              disabled={busy}
              onChange={state.setOutDir}
            />
          )}

          <div className="actions">
            <button type="submit" className="primary" disabled={!canRender(state)}>
              Render video
            </button>
            {busy && (
              <button type="button" onClick={() => void state.cancel()} disabled={state.status !== 'rendering'}>
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
              <VideoBar state={state} />
            </>
          ) : (
            <div className="placeholder">
              <p>{busy ? 'Your video is being made…' : 'Your video will play here.'}</p>
            </div>
          )}
        </section>
      </div>
    </div>
  );
}

function VideoBar({ state }: { state: RenderState }) {
  return (
    <div className="video-bar">
      {state.report && (
        <span className="meta">
          {state.report.output.durationS.toFixed(1)} s · {state.report.output.width}×{state.report.output.height}
        </span>
      )}
      {state.engine?.capabilities.showInFolder ? (
        <button type="button" onClick={() => void state.showInFolder()}>
          Show in folder
        </button>
      ) : (
        state.savedTo && (
          <span className="meta" title={state.savedTo}>
            Saved in {state.savedTo}
          </span>
        )
      )}
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
