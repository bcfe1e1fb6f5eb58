import type { LanguageCode } from '../src-shared/limits.js';
import { checkRecordingAgainstTarget, checkScriptAgainstTarget, estimateSpokenSeconds, type TargetCheck } from '../src-shared/spoken-length.js';

/**
 * The Create form's script (or recording) against its target length, as it is typed: the
 * same estimate and sentence as `tp render --duration` (src-shared/spoken-length.ts).
 * Null when there is nothing to check: no target, no script, a recording of unknown length.
 */
export function targetLengthCheck(form: { script: string; language: LanguageCode; useRecording: boolean; targetSeconds: number | null; recording?: { durationS: number } | null }): TargetCheck | null {
  if (form.targetSeconds === null) return null;
  if (form.useRecording) return form.recording ? checkRecordingAgainstTarget(form.recording.durationS, form.targetSeconds) : null;
  return form.script.trim() ? checkScriptAgainstTarget(form.script, form.language, form.targetSeconds) : null;
}

/** Seconds of speech the script makes, for the line under the field; null without a script. */
export function spokenSecondsOf(form: { script: string; language: LanguageCode; useRecording: boolean; recording?: { durationS: number } | null }): number | null {
  if (form.useRecording) return form.recording?.durationS ?? null;
  return form.script.trim() ? estimateSpokenSeconds(form.script, form.language) : null;
}
