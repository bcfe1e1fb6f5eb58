import { useStore } from 'zustand';
import { choseNothing, DEFAULT_MOTION, MOODS, MOTION_PREVIEW, MOTION_RANGES, motionValues, type Mood, type MotionValues, type NumericMotionControl } from '../../src-shared/motion-controls.js';
import { useStores } from '../stores/app-stores.js';
import { previewBlocker } from '../stores/motion-preview-store.js';
import '../motion-controls.css';

/**
 * The Create form's Motion section (issue 17): how much the face and head move, how often
 * the eyes blink, the mood, and a few seconds' preview of them before a whole render.
 * Folded away by default: the engine's natural motion suits most videos.
 */

const MOOD_NAMES: Record<Mood, string> = { neutral: 'Neutral', warm: 'Warm', serious: 'Serious' };

function amount(value: number): string {
  if (value === 0) return 'none';
  if (value < 0.75) return 'subtle';
  if (value <= 1.25) return 'natural';
  return 'lively';
}

/** What a slider's value means, read out beside it and by a screen reader. */
const VALUE_TEXT: Record<NumericMotionControl, (value: number) => string> = {
  expressiveness: (v) => `${v.toFixed(1)}, ${amount(v)}`,
  headMotion: (v) => (v === 0 ? 'Still head' : `${v.toFixed(1)}, ${amount(v)}`),
  blinkRate: (v) => (v === 0 ? 'No blinks' : `${v} a minute`),
};

const LABELS: Record<NumericMotionControl, string> = { expressiveness: 'Expressiveness', headMotion: 'Head motion', blinkRate: 'Blinks a minute' };
const HINTS: Record<NumericMotionControl, string> = {
  expressiveness: 'How far the lips and brows move.',
  headMotion: 'Turns, nods and sway; at 0 the head stays still and the eyes still blink.',
  blinkRate: 'People blink 10 to 25 times a minute while talking.',
};

/** The folded section's one-line summary of the choices. */
export function motionSummary(values: MotionValues): string {
  const parts: string[] = [];
  if (values.mood !== DEFAULT_MOTION.mood) parts.push(`${MOOD_NAMES[values.mood].toLowerCase()} mood`);
  if (values.headMotion === 0) parts.push('still head');
  else if (values.headMotion !== DEFAULT_MOTION.headMotion) parts.push(`head ${amount(values.headMotion)}`);
  if (values.expressiveness !== DEFAULT_MOTION.expressiveness) parts.push(`expression ${amount(values.expressiveness)}`);
  if (values.blinkRate !== DEFAULT_MOTION.blinkRate) parts.push(values.blinkRate === 0 ? 'no blinks' : `${values.blinkRate} blinks a minute`);
  return parts.length ? parts.join(', ') : 'natural';
}

const sameMotion = (a: MotionValues, b: MotionValues): boolean => (Object.keys(a) as Array<keyof MotionValues>).every((key) => a[key] === b[key]);

export function MotionControls() {
  const { create } = useStores();
  const form = useStore(create);
  const disabled = form.generating;
  const values = motionValues(form.motion);
  const slider = (control: NumericMotionControl) => {
    const range = MOTION_RANGES[control];
    // The slider moves in whole steps (tenths on the 0–2 scales): a fractional step such as
    // 0.1 makes 1.0 a "step mismatch" in some engines (happy-dom), which blocks the form's submit.
    const scale = Math.round(1 / range.step);
    const id = `motion-${control}`;
    return (
      <div className="field motion-slider" key={control}>
        <label className="label" htmlFor={id}>
          {LABELS[control]}
        </label>
        <div className="motion-slider-row">
          <input
            id={id}
            type="range"
            min={range.min * scale}
            max={range.max * scale}
            step={1}
            value={Math.round(values[control] * scale)}
            disabled={disabled}
            aria-valuetext={VALUE_TEXT[control](values[control])}
            aria-describedby={`${id}-hint`}
            onChange={(event) => form.chooseMotion({ [control]: Number(event.target.value) / scale })}
          />
          {/* Screen readers hear the same words as the slider's value text. */}
          <span className="motion-value" aria-hidden="true">
            {VALUE_TEXT[control](values[control])}
          </span>
        </div>
        <p className="hint" id={`${id}-hint`}>
          {HINTS[control]}
        </p>
      </div>
    );
  };

  return (
    <details className="panel form-section motion-section">
      <summary>
        <span className="motion-title" id="motion-heading">
          Motion
        </span>
        <span className="hint">{motionSummary(values)}</span>
      </summary>
      <div className="motion-body" role="group" aria-labelledby="motion-heading">
        <fieldset className="motion-mood" disabled={disabled}>
          <legend className="label">Mood</legend>
          <span className="segmented" role="group" aria-label="Mood">
            {MOODS.map((mood) => (
              <button key={mood} type="button" aria-pressed={values.mood === mood} onClick={() => form.chooseMotion({ mood })}>
                {MOOD_NAMES[mood]}
              </button>
            ))}
          </span>
        </fieldset>
        {slider('expressiveness')}
        {slider('headMotion')}
        <label className="check">
          <input type="checkbox" checked={values.headMotion === 0} disabled={disabled} onChange={(event) => form.chooseMotion({ headMotion: event.target.checked ? 0 : DEFAULT_MOTION.headMotion })} />
          Still head
        </label>
        {slider('blinkRate')}
        <div className="motion-actions">
          <button type="button" disabled={disabled || choseNothing(form.motion)} onClick={form.resetMotion}>
            Reset
          </button>
        </div>
        <MotionPreview current={values} />
      </div>
    </details>
  );
}

function MotionPreview({ current }: { current: MotionValues }) {
  const { create, motionPreview } = useStores();
  const form = useStore(create);
  const preview = useStore(motionPreview);
  const blocker = previewBlocker(form);
  const outdated = preview.shown !== null && !sameMotion(preview.shown.motion, current);
  return (
    <div className="motion-preview" aria-busy={preview.rendering}>
      <div className="motion-preview-actions">
        <button type="button" onClick={() => void preview.preview()} disabled={blocker !== null || form.generating} aria-describedby="motion-preview-hint">
          {preview.rendering ? 'Preview again' : `Preview ${MOTION_PREVIEW.seconds} s`}
        </button>
        {preview.rendering && (
          <button type="button" onClick={preview.cancel}>
            Stop
          </button>
        )}
        <p className="hint" id="motion-preview-hint" aria-live="polite">
          {preview.rendering
            ? 'Rendering a short preview on this computer…'
            : (blocker ??
              (outdated
                ? 'The motion changed since this preview: preview again to see it.'
                : `The first ${MOTION_PREVIEW.seconds} seconds, small and fast; it is not saved and does not count as a video.`))}
        </p>
      </div>
      {preview.error && (
        <p className="error" role="alert">
          {preview.error.message}
        </p>
      )}
      {preview.shown && (
        // The creator asked to see it: it plays at once, with its sound.
        <video className="motion-preview-video" src={preview.shown.url} controls autoPlay playsInline aria-label="Motion preview" width={MOTION_PREVIEW.width / 2} height={MOTION_PREVIEW.height / 2} />
      )}
    </div>
  );
}
