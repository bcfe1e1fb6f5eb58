import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { MAX_SCRIPT_CHARS, SUPPORTED_LANGUAGES, type LanguageCode } from '../../src-shared/limits.js';
import { LANGUAGE_NAMES } from '../labels.js';
import { useStores } from '../stores/app-stores.js';
import { NamedOptions } from './NamedOptions.js';

const isLanguage = (value: string): value is LanguageCode => (SUPPORTED_LANGUAGES as readonly string[]).includes(value);

/**
 * What the photo says: the script with its live count, the language and voice, a short
 * preview of that voice, or the creator's own recording where this front door takes one.
 */
export function ScriptFields() {
  const store = useStores().create;
  const state = useStore(store);
  const length = state.script.length;
  const over = length > MAX_SCRIPT_CHARS;
  const disabled = state.generating;
  // The desktop app has no dialog for recordings yet; the host reads a typed path.
  const recordings = state.engine?.capabilities.recordings ?? false;

  return (
    <>
      <div className="field">
        <label className="label" htmlFor="script">
          Script
        </label>
        <textarea
          id="script"
          value={state.script}
          onChange={(event) => state.edit({ script: event.target.value })}
          rows={5}
          disabled={disabled}
          aria-describedby="script-count"
          aria-invalid={over || undefined}
          placeholder="What should the photo say?"
        />
        <p id="script-count" className={over ? 'count over' : 'count'}>
          {length.toLocaleString()} / {MAX_SCRIPT_CHARS.toLocaleString()} characters
          {over ? ` — ${(length - MAX_SCRIPT_CHARS).toLocaleString()} too many` : ''}
        </p>
      </div>

      <div className="field-row voice-row">
        <div className="field">
          <label className="label" htmlFor="language">
            Language
          </label>
          <select
            id="language"
            value={state.language}
            disabled={disabled}
            onChange={(event) => {
              if (isLanguage(event.target.value)) void state.setLanguage(event.target.value);
            }}
          >
            <NamedOptions values={SUPPORTED_LANGUAGES} names={LANGUAGE_NAMES} />
          </select>
        </div>
        <div className="field">
          <label className="label" htmlFor="voice">
            Voice
          </label>
          <select id="voice" value={state.voice ?? ''} disabled={disabled || state.voices.length < 2} onChange={(event) => state.edit({ voice: event.target.value || null })}>
            {state.voices.length === 0 && <option value="">Default voice</option>}
            {state.voices.map((voice) => (
              <option key={voice.id} value={voice.isDefault ? '' : voice.id}>
                {voice.label}
              </option>
            ))}
          </select>
        </div>
        <HearIt />
      </div>
      {state.voiceError && (
        <p className="error" role="alert">
          {state.voiceError.message}
        </p>
      )}

      <div className="field recording">
        <label className="check">
          <input
            type="checkbox"
            checked={state.useRecording}
            disabled={disabled || !recordings}
            aria-describedby="recording-hint"
            onChange={(event) => state.edit({ useRecording: event.target.checked })}
          />
          Use my own recording
        </label>
        <p className="hint" id="recording-hint">
          {recordings
            ? 'Your voice instead of the computer’s: WAV, MP3, M4A, OGG/Opus or WebM, on this computer.'
            : 'Not in the desktop app yet: it cannot choose a recording file, so the computer voice reads the script.'}
        </p>
        {recordings && state.useRecording && (
          <>
            <label className="label" htmlFor="recording-path">
              Recording file (full path)
            </label>
            <input
              id="recording-path"
              type="text"
              value={state.audioPath}
              disabled={disabled}
              spellCheck={false}
              autoComplete="off"
              placeholder="/full/path/to/recording.m4a"
              onChange={(event) => state.edit({ audioPath: event.target.value })}
            />
          </>
        )}
      </div>
    </>
  );
}

/** Plays a few seconds of the chosen voice saying the script's first sentence (or its sample). */
function HearIt() {
  const store = useStores().create;
  const hearing = useStore(store, (state) => state.hearing);
  const [playing, setPlaying] = useState(false);
  const audio = useRef<HTMLAudioElement | null>(null);

  const stop = (): void => {
    audio.current?.pause();
    audio.current = null;
    setPlaying(false);
  };
  useEffect(() => stop, []);

  const hear = async (): Promise<void> => {
    if (playing) return stop();
    const url = await store.getState().previewVoice();
    if (!url) return;
    const clip = new Audio(url);
    audio.current = clip;
    clip.addEventListener('ended', () => {
      if (audio.current === clip) stop();
    });
    setPlaying(true);
    try {
      await clip.play();
    } catch {
      // Autoplay refused or the clip could not load: the button is back to Hear it.
      if (audio.current === clip) stop();
    }
  };

  return (
    <div className="hear-it">
      <button type="button" onClick={() => void hear()} disabled={hearing} aria-describedby="hear-hint">
        {hearing ? 'Preparing…' : playing ? 'Stop' : 'Hear it'}
      </button>
      <span id="hear-hint" className="visually-hidden">
        A short preview of the voice reading the script’s first sentence.
      </span>
    </div>
  );
}
