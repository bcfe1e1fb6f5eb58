import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isTalkingPhotoError } from '../../../src-shared/errors.js';
import { platformSpec } from '../../../src-shared/platforms.js';
import type { RenderProgress, RenderRequest } from '../../../src-shared/render.js';
import type { RenderReport } from '../../../src-shared/report.js';
import { releaseWarmFaceSession, takeFaceSession } from '../face/face-session.js';
import { kitMaster } from '../kit/kit-master.js';
import { moduleLog } from '../logging/engine-log.js';
import { mediaTools } from '../media/ffmpeg.js';
import { probeMedia } from '../media/probe.js';
import { checkScript } from '../voice/tts.js';
import { animateAndCheck, attemptSetup, CHECK_KEEPS_PHOTO_FACE_THREAD_MAX_PIXELS } from './attempt.js';
import { cancelled } from './cancellation.js';
import type { CloudRoutes } from './cloud-port.js';
import { openStaging } from './output-staging.js';
import { OUTPUT_FILES } from './output-files.js';
import { preparePhotoAndVoice } from './photo-and-voice.js';
import { chosenMotionSettings } from './quality-gate.js';
import { outputFileList, renderReport } from './render-report.js';
import { validRenderRequest } from './render-request.js';
import { retryIfWeak } from './second-attempt.js';
import { stageRunner } from './stage-runner.js';

export { KIT_FOLDER, KIT_ZIP, OUTPUT_FILES } from './output-files.js';

export interface RenderHooks {
  onProgress?: (progress: RenderProgress) => void;
  signal?: AbortSignal;
  /** Cloud routes for the steps that may use them (issue 7); absent: everything is local. */
  cloud?: CloudRoutes;
  /** The queue's job this render is, named on every log line; `tp` renders get a `tp-…` id of their own. */
  jobId?: string;
}

const pipelineLog = moduleLog('pipeline');

/**
 * The whole offline pipeline behind every front door (CLI, host, app): photo and script
 * (or recording) in, `video.mp4`, `enhanced.jpg` and `report.json` out. The steps are
 * in this folder: photo ∥ voice (photo-and-voice.ts), an attempt that animates and
 * checks (attempt.ts), the quality gate's second try (second-attempt.ts, deciding in
 * quality-gate.ts), the report (render-report.ts); everything is written into a staging
 * folder that is moved into place only when all of it succeeded.
 */
export async function renderProject(request: RenderRequest, hooks: RenderHooks = {}): Promise<RenderReport> {
  const req = validRenderRequest(request);
  // With a kit and no size of the creator's choosing, the master is drawn as large as the kit needs.
  const master = kitMaster(
    { width: req.width, height: req.height },
    request.width !== undefined || request.height !== undefined,
    req.platforms.map((id) => platformSpec(id)),
  );
  const { signal } = hooks;
  const started = performance.now();
  const tools = mediaTools();
  const log = pipelineLog.child({ jobId: hooks.jobId ?? `tp-${randomUUID().slice(0, 8)}` });
  // A bad script is refused before the photo is even read.
  const voiceInfo = req.script !== undefined ? checkScript({ text: req.script, language: req.language, voice: req.voice }).voice : undefined;
  // Aborted by the caller's signal or by a failure in a stage running alongside.
  const sibling = new AbortController();
  const onOuterAbort = (): void => sibling.abort();
  const stages = stageRunner({ log, aborted: sibling.signal, onProgress: hooks.onProgress });

  const input = req.script !== undefined ? 'script' : 'recording';
  log.info('render started', { input, language: req.language, size: `${master.width}x${master.height}`, fps: req.fps, platforms: req.platforms, verify: req.verify, route: req.route });
  const staging = await openStaging(req.outDir);
  signal?.addEventListener('abort', onOuterAbort, { once: true });
  const faceSession = takeFaceSession();
  const cloud = hooks.cloud?.forRender({ workDir: staging.dir, signal: sibling.signal, speech: input === 'script' ? 'local' : 'recording' });
  try {
    const shared = { req, stagingDir: staging.dir, stage: stages.run, cloud };
    const { photo, faces, enhanced, voice, track } = await preparePhotoAndVoice({
      ...shared,
      voiceId: voiceInfo?.id,
      sibling,
      faceSession,
      faceSessionForCheck: req.verify && master.width * master.height <= CHECK_KEEPS_PHOTO_FACE_THREAD_MAX_PIXELS,
    });
    const setup = attemptSetup({ ...shared, master, signal, face: faces.chosen }, voice);
    const first = await animateAndCheck(setup, enhanced, req.motion, 1, voice, track);
    const { attempt, retry } = await retryIfWeak(setup, first, { photo, enhanced, chosen: chosenMotionSettings(request.motion) });

    const probe = await probeMedia(path.join(staging.dir, OUTPUT_FILES.video), { signal });
    const report = renderReport({
      req,
      createdAt: new Date(),
      photo,
      faces,
      ourVoice: voice,
      scriptVoiceId: voiceInfo?.id,
      master,
      probe,
      stages: stages.finished,
      totalMs: Math.round(performance.now() - started),
      attempt,
      retry,
      providers: cloud?.report(),
      tools,
    });
    await writeFile(path.join(staging.dir, OUTPUT_FILES.report), JSON.stringify(report, null, 2) + '\n');
    if (signal?.aborted) throw cancelled();
    await staging.commit(outputFileList(report));
    const { totalMs, output, animation, quality } = report;
    log.info('render finished', { totalMs, durationS: output.durationS, drawMs: animation.drawMs, passed: quality.scores?.passed, retried: retry !== undefined });
    return report;
  } catch (error) {
    await staging.discard();
    const code = isTalkingPhotoError(error) ? error.code : 'UNEXPECTED';
    if (code === 'CANCELLED') log.info('render cancelled', { afterMs: Math.round(performance.now() - started) });
    // An unexpected failure keeps its stack here; an expected one its code (the creator was told the sentence).
    else log.error('render failed', { code, afterMs: Math.round(performance.now() - started), ...(code === 'UNEXPECTED' ? { error } : {}) });
    throw error;
  } finally {
    signal?.removeEventListener('abort', onOuterAbort);
    await faceSession.close();
    // A session warmed for a check that never ran (a failure, a cloud video) must not keep its thread.
    await releaseWarmFaceSession();
  }
}
