import { useState } from 'react';
import { useStore } from 'zustand';
import { MAX_TARGET_SECONDS, MIN_TARGET_SECONDS, parseTargetSeconds } from '../../src-shared/spoken-length.js';
import { useStores } from '../stores/app-stores.js';
import { spokenSecondsOf, targetLengthCheck } from '../target-length.js';

/**
 * The video's target length (1–60 s, empty: as long as the script), with the script's
 * spoken length estimated as it is typed and, when it is longer, how much to cut. A
 * script clearly over (15 %, or 1 s) keeps Generate from running (create-store.ts
 * generateBlocker); a little over is only said.
 */
export function TargetLength() {
  const store = useStores().create;
  const state = useStore(store);
  const [typed, setTyped] = useState<string | null>(null);
  const shown = typed ?? (state.targetSeconds === null ? '' : String(state.targetSeconds));
  const invalid = typed !== null && typed.trim() !== '' && typeof parseTargetSeconds(typed) === 'string';
  const check = targetLengthCheck(state);
  const spoken = spokenSecondsOf(state);

  let line: string;
  if (invalid) line = `A whole number of seconds from ${MIN_TARGET_SECONDS} to ${MAX_TARGET_SECONDS}, or empty for as long as the script.`;
  else if (check?.sentence) line = check.sentence;
  else if (check && spoken !== null) line = `About ${Math.round(spoken)} s of speech: fits the ${check.targetS} s target.`;
  else if (spoken !== null) line = `About ${Math.round(spoken)} s of speech.`;
  else line = 'Leave empty for a video as long as the script.';
  const tone = invalid || (check && !check.fits) ? 'error-text' : check?.over ? 'notice-text' : 'hint';

  return (
    <div className="field target-length">
      <label className="label" htmlFor="target-length">
        Target length (seconds)
      </label>
      <input
        id="target-length"
        type="number"
        inputMode="numeric"
        min={MIN_TARGET_SECONDS}
        max={MAX_TARGET_SECONDS}
        step={1}
        placeholder="Any"
        value={shown}
        disabled={state.generating}
        aria-describedby="target-length-check"
        aria-invalid={invalid || (check !== null && !check.fits) || undefined}
        onChange={(event) => {
          const text = event.target.value;
          setTyped(text);
          if (text.trim() === '') state.edit({ targetSeconds: null });
          else {
            const parsed = parseTargetSeconds(text);
            if (typeof parsed === 'number') state.edit({ targetSeconds: parsed });
          }
        }}
        onBlur={() => setTyped(null)}
      />
      <p id="target-length-check" className={tone} aria-live="polite">
        {line}
      </p>
    </div>
  );
}
