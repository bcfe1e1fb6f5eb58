import { TalkingPhotoError } from '../../../src-shared/errors.js';
import type { RenderRequest } from '../../../src-shared/render.js';
import { checkRecordingAgainstTarget, checkScriptAgainstTarget, parseTargetSeconds, TARGET_TOLERANCE } from '../../../src-shared/spoken-length.js';
import { probeMedia } from '../../engine/media/probe.js';

/**
 * `--duration SECONDS`: the video's target length (1–60 s). Before anything is rendered
 * (or counted against the plan), a script whose estimated speech, or a recording whose
 * length, is clearly beyond it (TARGET_TOLERANCE: 15 % or 1 s) is refused with the
 * sentence saying how much to cut; a little over is said and rendered.
 */

export function parseDuration(value: string): number {
  const parsed = parseTargetSeconds(value);
  if (typeof parsed === 'string') throw new TalkingPhotoError('BAD_OPTION', `${parsed} (--duration ${value})`);
  return parsed;
}

/** The note for a script a little over its target; throws BAD_OPTION when it is clearly over. */
export async function checkTargetDuration(request: RenderRequest): Promise<string | null> {
  const target = request.targetDurationS;
  if (target === undefined) return null;
  let check;
  if (request.script !== undefined) check = checkScriptAgainstTarget(request.script, request.language ?? 'en', target);
  else if (request.audioPath !== undefined) {
    // A file ffprobe cannot read is the voice stage's to refuse, with its own sentence.
    const probed = await probeMedia(request.audioPath).catch(() => undefined);
    if (!probed) return null;
    check = checkRecordingAgainstTarget(probed.durationS, target);
  } else return null;
  if (!check.sentence) return null;
  const margin = Math.round(TARGET_TOLERANCE.share * 100);
  if (!check.fits)
    throw new TalkingPhotoError('BAD_OPTION', `${check.sentence.replace(/\.$/, '')}, or raise --duration (up to 60 s).`, {
      detail: `more than ${margin} % or ${TARGET_TOLERANCE.minS} s over the target`,
    });
  return `${check.sentence} It is within ${margin} % of the target, so the video is made a little longer.`;
}
