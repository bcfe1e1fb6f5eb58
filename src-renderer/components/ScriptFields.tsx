import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { MAX_SCRIPT_CHARS, SUPPORTED_LANGUAGES, type LanguageCode } from '../../src-shared/limits.js';
import { formatDuration } from '../format.js';
import { LANGUAGE_NAMES } from '../labels.js';
import { useStores } from '../stores/app-stores.js';
import { NamedOptions } from './NamedOptions.js';
import { TargetLength } from './TargetLength.js';
import { VoicePicker } from './VoicePicker.js';
import { VoiceRecorder } from './VoiceRecorder.js';

const isLanguage = (value: string): value is LanguageCode => (SUPPORTED_LANGUAGES as readonly string[]).includes(value);

/**
 * What the photo says: the script with its live count, the language and voice, a short
 * preview of that voice, or the creator's own recording (chosen or dropped on the window),
 * with the words said in it for the captions.
 */
export function ScriptFields() {
  const store = useStores().create;
  const state = useStore(store);
  const length = state.script.length;
  const over = length > MAX_SCRIPT_CHARS;
  const disabled = state.generating;
  const recording = state.useRecording;

  return (
    <>
      {!recording && (
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
      )}
      <TargetLength />

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
          <VoicePicker id="voice" voices={state.voices} value={state.voice} disabled={disabled} onChange={(voice) => state.chooseVoice(voice)} />
        </div>
        <HearIt />
      </div>
      {state.voiceNotice && (
        <p className="hint" role="status">
          {state.voiceNotice}
        </p>
      )}
      {state.voiceError && (
        <p className="error" role="alert">
          {state.voiceError.message}
        </p>
      )}

      <div className="field recording">
        <label className="check">
          <input type="checkbox" checked={state.useRecording} disabled={disabled} aria-describedby="recording-hint" onChange={(event) => state.edit({ useRecording: event.target.checked })} />
          Use my own recording
        </label>
        <p className="hint" id="recording-hint">
          Your voice instead of the computer’s: WAV, MP3, M4A, OGG/Opus or WebM. Choose the file, or drop it on the window.
        </p>
        {recording && <RecordingField />}
      </div>
    </>
  );
}

/** The recording itself: a file picker or the microphone, how long it is and a player, the words said for captions, and why a file was refused. */
function RecordingField() {
  const store = useStores().create;
  const state = useStore(store);
  const disabled = state.generating;
  const length = state.script.length;
  const over = length > MAX_SCRIPT_CHARS;
  return (
    <>
      <label className="label" htmlFor="recording-file">
        Recording file
      </label>
      <input
        id="recording-file"
        type="file"
        accept="audio/*"
        disabled={disabled}
        aria-describedby={state.recordingError ? 'recording-error' : undefined}
        aria-invalid={state.recordingError ? true : undefined}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void state.importRecording(file);
        }}
      />
      <VoiceRecorder onRecorded={(file) => void state.importRecording(file)} disabled={disabled} />
      <p className="hint" role="status">
        {state.importingRecording ? `Checking ${state.importingRecording}…` : ''}
      </p>
      {state.recordingError && (
        <p className="error" role="alert" id="recording-error">
          {state.recordingError.message}
        </p>
      )}
      {state.recording && state.recordingUrl && (
        <div className="recording-preview">
          <p>
            {state.recording.name} · <span aria-label="Recording length">{formatDuration(state.recording.durationS * 1000)}</span>
          </p>
          {state.rawRecordingUrl ? (
            <>
              <p className="hint" id="cleanup-hint">
                Your recording is cleaned up for the video: room noise, hum and rumble taken down, sharp “s” sounds softened. Hear it before and after.
              </p>
              <div className="hear-before-after">
                <span>
                  Before (as recorded)
                  <audio controls preload="metadata" src={state.rawRecordingUrl} aria-label="Hear your recording as recorded" />
                </span>
                <span>
                  After (cleaned up)
                  <audio controls preload="metadata" src={state.recordingUrl} aria-label="Hear your recording cleaned up" />
                </span>
              </div>
              <label className="check">
                <input type="checkbox" checked={state.keepRawVoice} disabled={disabled} aria-describedby="cleanup-hint" onChange={(event) => state.keepRaw(event.target.checked)} />
                Keep my raw take (no cleanup; the video uses it as recorded)
              </label>
            </>
          ) : (
            <audio controls preload="metadata" src={state.recordingUrl} aria-label="Play your recording" />
          )}
        </div>
      )}
      {!state.recording && state.audioPath.trim() !== '' && <p className="hint">From an earlier draft: {state.audioPath}</p>}
      <label className="label" htmlFor="recording-words">
        Words you say (for captions)
      </label>
      <textarea
        id="recording-words"
        value={state.script}
        rows={4}
        disabled={disabled}
        aria-invalid={over || undefined}
        aria-describedby="recording-words-hint"
        placeholder="Optional: type what you say. The video gets captions, and giving the words improves lip sync."
        onChange={(event) => state.edit({ script: event.target.value })}
      />
      <p id="recording-words-hint" className={over ? 'count over' : 'count'}>
        {length.toLocaleString()} / {MAX_SCRIPT_CHARS.toLocaleString()} characters
        {over ? ` — ${(length - MAX_SCRIPT_CHARS).toLocaleString()} too many` : ''}
      </p>
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
