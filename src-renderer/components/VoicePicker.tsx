import type { Voice } from '../../src-shared/ipc/engine-channels.js';
import { PERSONAL_VOICE_HINT, VOICE_QUALITY_HINTS } from '../../src-shared/voices.js';

/**
 * The voice select: the computer's own voices (macOS, Windows, speech-dispatcher) and the
 * built-in eSpeak voices in two groups, each name with how natural it sounds. The
 * language's default is the empty value, so a form left on it keeps following the default.
 */
export function VoicePicker(props: { id: string; voices: readonly Voice[]; value: string | null; disabled?: boolean; onChange: (voice: string | null) => void }) {
  const { voices } = props;
  const system = voices.filter((voice) => voice.engine === 'system');
  const builtIn = voices.filter((voice) => voice.engine !== 'system');
  const option = (voice: Voice) => (
    <option key={voice.id} value={voice.isDefault ? '' : voice.id}>
      {voiceLabel(voice)}
    </option>
  );
  return (
    <select id={props.id} value={props.value ?? ''} disabled={props.disabled || voices.length < 2} onChange={(event) => props.onChange(event.target.value || null)}>
      {voices.length === 0 && <option value="">Default voice</option>}
      {system.length > 0 && <optgroup label="This computer’s voices">{system.map(option)}</optgroup>}
      {system.length > 0 ? <optgroup label="Built-in voices (eSpeak)">{builtIn.map(option)}</optgroup> : builtIn.map(option)}
    </select>
  );
}

/** "Ava (Premium) · natural, best"; eSpeak's voices, which every machine has, say "robotic"; a Personal Voice says whose it is. */
function voiceLabel(voice: Voice): string {
  return `${voice.label} · ${voice.personal ? PERSONAL_VOICE_HINT : VOICE_QUALITY_HINTS[voice.quality ?? 'basic']}`;
}
