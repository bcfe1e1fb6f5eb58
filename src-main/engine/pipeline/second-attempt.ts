import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { MotionSettings } from '../../../src-shared/render.js';
import { enhancePhoto, type EnhanceResult, type RgbPhoto } from '../enhance/local-enhancer.js';
import { writeJpeg } from '../intake/jpeg-writer.js';
import { animateAndCheck, type Attempt, type AttemptSetup } from './attempt.js';
import { attemptFiles, OUTPUT_FILES } from './output-files.js';
import { better, planRetry, repeatsAnimation, type RetryOutcome } from './quality-gate.js';

export interface GatedAttempt {
  /** The attempt whose files are now the output's: the first, or the retry if it scored higher. */
  attempt: Attempt;
  /** Present when a second attempt ran. */
  retry?: RetryOutcome;
}

/**
 * The quality gate's second try: under a threshold, one more attempt with the settings
 * the gate chose (quality-gate.ts); the better one stays, its files under the output's
 * names, the other's removed. A stronger enhancement that does not score higher than the
 * first is not drawn again unless the motion changes too (the retry is still reported,
 * with the first kept).
 */
export async function retryIfWeak(setup: AttemptSetup, first: Attempt, inputs: { photo: RgbPhoto; enhanced: EnhanceResult; chosen: ReadonlySet<keyof MotionSettings> }): Promise<GatedAttempt> {
  const { req, stagingDir, stage, face } = setup;
  const { photo, enhanced } = inputs;
  const plan = planRetry(first.verdict, req.motion, inputs.chosen);
  if (!plan) return { attempt: first };
  const stronger = plan.enhance ? await stage('enhance', 'Enhancing the photo again', () => enhancePhoto(photo, { faceBox: face.box, strength: 'strong' })) : undefined;
  const source = stronger && stronger.after.score > enhanced.after.score ? stronger : enhanced;
  // Tried and no better: the report still says the stronger enhancement was tried and the first kept.
  if (source === enhanced && !plan.motion && !repeatsAnimation(plan)) return { attempt: first, retry: { plan, first: first.verdict, kept: 'first' } };
  const second = await animateAndCheck(setup, source, plan.motion ?? req.motion, 2, first.voice);
  const kept = better(first.verdict, second.verdict);
  const [keep, drop] = kept === 'second' ? [second, first] : [first, second];
  await rm(drop.outFile, { force: true });
  await rm(drop.kitDir, { recursive: true, force: true });
  if (kept === 'second') {
    const wantsKit = req.platforms.length > 0;
    const [retried, output] = [attemptFiles(2), attemptFiles(1)];
    await rename(second.outFile, path.join(stagingDir, output.video));
    if (wantsKit) await rename(second.kitDir, path.join(stagingDir, output.kit));
    if (wantsKit && req.zip) await rename(path.join(stagingDir, retried.zip), path.join(stagingDir, output.zip));
    if (source !== enhanced) await writeJpeg(source.rgb, source.width, source.height, path.join(stagingDir, OUTPUT_FILES.enhancedPhoto));
  }
  return { attempt: keep, retry: { plan, first: first.verdict, kept } };
}
