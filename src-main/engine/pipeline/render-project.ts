import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isTalkingPhotoError, TalkingPhotoError } from '../../../src-shared/errors.js';
import { RENDER_STAGES, RenderRequestSchema, type MotionSettings, type RenderProgress, type RenderRequest, type RenderStage } from '../../../src-shared/render.js';
import type { RenderReport } from '../../../src-shared/report.js';
import { renderTalkingVideo } from '../animate/render-talking-video.js';
import { enhancePhoto, type EnhanceResult } from '../enhance/local-enhancer.js';
import { analyzeFaces } from '../face/face-analysis.js';
import { mouthOpening } from '../face/landmarks.js';
import { releaseWarmFaceSession, takeFaceSession, warmFaceSession } from '../face/face-session.js';
import { writeJpeg } from '../intake/jpeg-writer.js';
import { intakePhoto } from '../intake/photo-intake.js';
import { mediaTools } from '../media/ffmpeg.js';
import { probeMedia } from '../media/probe.js';
import { cancelled } from './cancellation.js';
import { measureMediaHealth, type MediaHealth } from '../verify/media-health.js';
import { reportedVerification, verifyVideo, type VerifyInput, type VideoVerification } from '../verify/video-verify.js';
import { cuesFromSegments, cuesFromWords } from '../kit/captions.js';
import { buildExportKit } from '../kit/export-kit.js';
import { kitMaster } from '../kit/kit-master.js';
import { platformSpec } from '../../../src-shared/platforms.js';
import { VERIFY_MAX_SECONDS } from '../../../src-shared/limits.js';
import { detectSpeechSegments } from '../voice/speech-segments.js';
import { loadRecording } from '../voice/recording.js';
import { isSystemVoice } from '../../../src-shared/voices.js';
import { speakWithVoice } from '../voice/system-voices/speak-with-voice.js';
import { recordingCleanupReport } from '../voice/cleanup-report.js';
import type { Voice } from '../voice/voice.js';
import { checkScript } from '../voice/tts.js';
import { moduleLog } from '../logging/engine-log.js';
import type { CloudRender, CloudRoutes, CloudVideoResult } from './cloud-port.js';
import { allOrAbort } from './all-or-abort.js';
import { openStaging } from './output-staging.js';
import { better, judge, planRetry, repeatsAnimation, scoresReport } from './quality-gate.js';

export const OUTPUT_FILES = { video: 'video.mp4', enhancedPhoto: 'enhanced.jpg', report: 'report.json' } as const;
/** With platforms chosen: the kit folder (manifest.json and its files) and, on request, its zip. */
export const KIT_FOLDER = 'kit';
export const KIT_ZIP = 'kit.zip';

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
 * The largest frame whose check runs alongside the drawing: none. On two cores the drawing,
 * x264 and the check's face mesh compete for the same CPU, so running the check alongside
 * saved nothing, while its face model and decoder beside x264 raised the peak. Measured
 * with and without in one run, three times, 10 s at 720×1280 (`tp render`, the machine
 * shared): 49.5 / 42.3 / 35.8 s alongside against 48.4 / 38.7 / 29.2 s after the file,
 * peak 666 / 614 / 606 MB against 475 / 482 / 489 MB; again with the lean allocator
 * (media/lean-malloc.ts): 20.7 / 22.6 / 19.6 s against 20.7 / 21.4 / 21.0 s, peak
 * 623 / 614 / 618 MB against 483 / 480 / 452 MB. The path stays (the encoder's
 * `encodedCopy`) for machines where a spare core would make it pay: raise this then.
 */
const CHECK_ALONGSIDE_MAX_PIXELS = 0;


function badOption(issues: Array<{ path: PropertyKey[]; message: string }>): TalkingPhotoError {
  const first = issues[0];
  const where = first?.path.join('.') || 'request';
  return new TalkingPhotoError('BAD_OPTION', `The ${where} option is not valid (${first?.message ?? 'unknown problem'}): check the value and try again.`);
}

/**
 * The whole offline pipeline behind every front door (CLI, host, app): photo and script
 * (or recording) in, `video.mp4`, `enhanced.jpg` and `report.json` out.
 */
export async function renderProject(request: RenderRequest, hooks: RenderHooks = {}): Promise<RenderReport> {
  const parsed = RenderRequestSchema.safeParse(request);
  if (!parsed.success) throw badOption(parsed.error.issues);
  const req = parsed.data;
  // With a kit and no size of the creator's choosing, the master is drawn as large as the kit needs.
  const master = kitMaster({ width: req.width, height: req.height }, request.width !== undefined || request.height !== undefined, req.platforms.map((id) => platformSpec(id)));
  const { signal } = hooks;
  const started = performance.now();
  const stages: RenderReport['stages'] = [];
  const tools = mediaTools();
  const log = pipelineLog.child({ jobId: hooks.jobId ?? `tp-${randomUUID().slice(0, 8)}` });
  // A bad script is refused before the photo is even read.
  const voiceInfo = req.script !== undefined ? checkScript({ text: req.script, language: req.language, voice: req.voice }).voice : undefined;

  // Aborted by the caller's signal or by a failure in a stage running alongside.
  const sibling = new AbortController();
  const onOuterAbort = (): void => sibling.abort();

  const stage = async <T>(name: RenderStage, message: string, work: (progress: (percent: number) => void) => Promise<T>): Promise<T> => {
    if (sibling.signal.aborted) throw cancelled();
    const t0 = performance.now();
    const progress = (percent: number): void => hooks.onProgress?.({ stage: name, percent: Math.min(100, Math.max(0, percent)), message });
    progress(0);
    let result: T;
    try {
      result = await work(progress);
    } catch (error) {
      log.warn('stage failed', { stage: name, durationMs: Math.round(performance.now() - t0), code: isTalkingPhotoError(error) ? error.code : 'UNEXPECTED' });
      throw error;
    }
    const durationMs = Math.round(performance.now() - t0);
    stages.push({ stage: name, durationMs });
    // As each stage ends, not with the report: a render that dies later still shows how far it got.
    log.info('stage finished', { stage: name, durationMs, ...memoryFigures() });
    progress(100);
    return result;
  };

  log.info('render started', {
    input: req.script !== undefined ? 'script' : 'recording',
    language: req.language,
    size: `${master.width}x${master.height}`,
    fps: req.fps,
    platforms: req.platforms,
    verify: req.verify,
    route: req.route,
  });
  const staging = await openStaging(req.outDir);
  signal?.addEventListener('abort', onOuterAbort, { once: true });
  // The voice and the photo do not depend on each other: eSpeak (its own process) speaks
  // while the photo is read, analysed and enhanced. The first failure cancels the other.
  // Booting the face model's thread overlaps reading the photo.
  const faceSession = takeFaceSession();
  const cloud: CloudRender | undefined = hooks.cloud?.forRender({ workDir: staging.dir, signal: sibling.signal, speech: req.script !== undefined ? 'local' : 'recording' });
  try {
    const photoWork = (async () => {
      const photo = await stage('intake', 'Reading the photo', async () => {
        const taken = await intakePhoto(req.photoPath);
        return cloud ? cloud.photo(taken) : taken;
      });
      const faces = await stage('face', 'Finding the face', () => analyzeFaces(photo, { faceIndex: req.faceIndex, session: faceSession }));
      // The model's memory goes back before the photo is enhanced and the video drawn (a
      // check alongside the drawing boots its own as the drawing starts: kept through
      // enhance, this one raised a 10 s render's peak by 100 MB).
      await faceSession.close();
      const enhanced = await stage('enhance', 'Enhancing the photo', () => enhancePhoto(photo, { faceBox: faces.chosen.box }));
      await writeJpeg(enhanced.rgb, enhanced.width, enhanced.height, path.join(staging.dir, OUTPUT_FILES.enhancedPhoto));
      // The frame's still picture and rig are not prepared here, beside the voice: built
      // while enhance's garbage is still held, they raised the render's peak memory by
      // 30 MB (60 s at 1080×1920) to save 0.2 s.
      return { photo, faces, enhanced };
    })();
    // The creator's voice id, or none for the language's default (a natural system voice on a Mac or Windows machine).
    const speakLocally = () => speakWithVoice({ text: req.script!, language: req.language, voice: req.voice === undefined ? undefined : voiceInfo?.id, workDir: staging.dir, signal: sibling.signal });
    const voiceWork = stage('voice', req.script !== undefined ? 'Speaking the script' : 'Preparing your recording', () =>
      req.script !== undefined
        ? cloud && !isSystemVoice(req.voice)
          ? cloud.voice(req.script, speakLocally, req.voice ?? null, req.language)
          : speakLocally()
        : loadRecording({ file: req.audioPath!, workDir: staging.dir, signal: sibling.signal, transcript: req.transcript, language: req.language, cleanup: !req.rawVoice }),
    );
    const [{ photo, faces, enhanced }, ourVoice] = await allOrAbort([photoWork, voiceWork] as const, sibling);
    // Ours, until a cloud video that speaks in its own voice (Veo) brings the speech its lips move to.
    let voice: Voice = ourVoice;
    const face = faces.chosen;
    const videoPath = path.join(staging.dir, OUTPUT_FILES.video);

    // Timed from the voice: eSpeak's word times for TTS, the transcript aligned to a
    // recording, or (words never aligned) the recording's speech segments.
    const segments = voice.source === 'recording' ? detectSpeechSegments(voice.analysis.samples, voice.analysis.sampleRate) : [];
    const captionCues = (maxLineColumns?: number) => {
      const lines = maxLineColumns ? { maxLineColumns } : {};
      return voice.source === 'tts' || voice.words.length > 0
        ? cuesFromWords(voice.words, { durationS: voice.durationS, ...lines })
        : cuesFromSegments(req.transcript, segments, voice.durationS, lines);
    };
    const wantsKit = req.platforms.length > 0;
    const verifyMaxFrames = Math.round(VERIFY_MAX_SECONDS * req.fps);
    // A clip judged whole (not in windows spread over it) is judged from the encoder's own
    // H.264 while it is drawn: one pass from the first frame, the same pixels as the file's.
    const judgedWhole = Math.round((voice.analysis.samples.length / voice.analysis.sampleRate) * req.fps) <= verifyMaxFrames;

    // Animate from one enhanced photo with one set of motion settings, make the kit from
    // it, and judge the file. With a kit, the renditions' decode of the video also measures
    // its health, so the file is read once, not twice.
    const animateAndCheck = async (source: EnhanceResult, motion: MotionSettings, n: 1 | 2) => {
      const outFile = n === 1 ? videoPath : path.join(staging.dir, 'video-retry.mp4');
      const voiceInput = { audioPath: voice.audioPath, samples: voice.analysis.samples, sampleRate: voice.analysis.sampleRate, durationS: voice.durationS, phones: voice.phones };
      const together = new AbortController();
      const onAbort = (): void => together.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      const verifyRequest = (region: VerifyInput['region']): VerifyInput => ({
        videoPath: outFile,
        width: master.width,
        height: master.height,
        fps: req.fps,
        region,
        voice: { samples: voice.analysis.samples, sampleRate: voice.analysis.sampleRate },
        // The mouth is judged against the words too: closes on p/b/m, opens, rounds.
        phones: voice.phones,
        photoGap: mouthOpening(face.mesh),
        maxFrames: verifyMaxFrames,
        signal: together.signal,
      });
      // Judged while drawn (a local animation, a clip judged whole): the check reads the
      // encoder's H.264 as it is written, its mesh on the other core, and only its tail is
      // left once the file is done. The verify stage is that tail: what it adds to the render.
      const alongside = req.verify && judgedWhole && !(cloud && n === 1) && master.width * master.height <= CHECK_ALONGSIDE_MAX_PIXELS;
      let checkedAlongside: Promise<VideoVerification> | undefined;
      let alongsideProgress: ((percent: number) => void) | undefined;
      const onEncodedVideo = (h264: Readable, region: VerifyInput['region']): void => {
        const session = takeFaceSession();
        checkedAlongside = verifyVideo({ ...verifyRequest(region), encoded: h264, session, onProgress: (p) => alongsideProgress?.(p * 0.9) }).finally(() => session.close());
        // Never left unread: x264 would wait on it.
        checkedAlongside.catch(() => h264.resume());
      };
      const animate = (progress: (percent: number) => void) => {
        // The check's face model boots in its thread while the frame's scene is built.
        if (alongside) warmFaceSession();
        return renderTalkingVideo({
          photo: source,
          ...inVideoPhoto(face, source.scale),
          // The face model boots for the check while ffmpeg finishes the file.
          ...(req.verify && !alongside ? { onFramesWritten: warmFaceSession } : {}),
          ...(alongside ? { onEncodedVideo } : {}),
          voice: voiceInput,
          width: master.width,
          height: master.height,
          fps: req.fps,
          motion,
          outFile,
          maxrateKbps: master.maxrateKbps,
          watermark: req.watermark,
          signal,
          onProgress: progress,
        });
      };
      // A cloud video is tried once; the quality gate's second attempt is drawn here.
      const animating: Promise<CloudVideoResult> = stage('animate', cloud && n === 1 ? 'Making the talking video' : 'Animating the face', (progress) =>
        cloud && n === 1
          ? cloud.video({
              enhancedJpeg: path.join(staging.dir, OUTPUT_FILES.enhancedPhoto),
              voice: voiceInput,
              script: req.script ?? req.transcript ?? '',
              ownRecording: req.script === undefined,
              language: req.language,
              width: master.width,
              height: master.height,
              fps: req.fps,
              motion,
              maxrateKbps: master.maxrateKbps,
              watermark: req.watermark,
              outFile,
              signal,
              renderLocally: () => animate(progress),
            })
          : animate(progress),
      );
      let animation: CloudVideoResult;
      try {
        animation = await animating;
      } catch (error) {
        together.abort();
        signal?.removeEventListener('abort', onAbort);
        // The check alongside ends with the stream; its own failure is this one's echo.
        await checkedAlongside?.catch(() => undefined);
        throw error;
      }
      // The captions, the kit and the report follow the speech the master carries.
      if (animation.voice) voice = animation.voice;
      let health: MediaHealth | undefined;
      // The check of the frames, then the kit (or the file check). Side by side they peaked
      // at 950 MB for a 10 s five-platform kit (the check's face model and decoder beside the
      // kit's 1080×1920 decode and encodes), and the file check's decoder beside the check
      // added 100 MB to a 60 s 1080×1920 render: one after the other keeps memory bounded.
      const checks = req.verify || !wantsKit
        ? stage('verify', req.verify ? 'Checking the video as a viewer would' : 'Checking the video file', async (progress) => {
            alongsideProgress = progress;
            const measured = checkedAlongside
              ? await checkedAlongside
              : req.verify
                ? await verifyVideo({ ...verifyRequest(animation.region), onProgress: (p) => progress(p * 0.9) })
                : undefined;
            if (!wantsKit) health = await measureMediaHealth(outFile, { region: animation.region, signal: together.signal });
            return measured;
          })
        : Promise.resolve(undefined);
      const kitDir = path.join(staging.dir, n === 1 ? KIT_FOLDER : `${KIT_FOLDER}-retry`);
      const kitWork = wantsKit
        ? checks.then(() => stage('kit', 'Making the export kit', async () => {
            const manifest = await buildExportKit({
              kitDir,
              zipFile: path.join(staging.dir, n === 1 ? KIT_ZIP : `retry-${KIT_ZIP}`),
              master: outFile,
              masterSize: { width: master.width, height: master.height },
              face: animation.faceBoxInFrame,
              fps: req.fps,
              platforms: req.platforms,
              durationS: voice.durationS,
              cues: captionCues(),
              burnCues: (maxLineColumns) => captionCues(maxLineColumns),
              workDir: path.join(staging.dir, `.kit-work-${n}`),
              burnCaptions: req.burnCaptions,
              trim: req.trim,
              coverTitle: req.coverTitle,
              health: { region: animation.region, onHealth: (h) => (health = h) },
              script: req.script ?? req.transcript ?? '',
              title: req.title ?? path.basename(req.photoPath, path.extname(req.photoPath)),
              workflowType: req.workflowType,
              language: req.language,
              track: animation.track,
              zip: req.zip,
              signal: together.signal,
            });
            // Every rendition was a copy of the video: nothing decoded it yet.
            health ??= await measureMediaHealth(outFile, { region: animation.region, signal: together.signal });
            return manifest;
          }))
        : Promise.resolve(undefined);
      let verification: Awaited<typeof checks>;
      let kit: Awaited<typeof kitWork>;
      try {
        [verification, kit] = await allOrAbort([checks, kitWork] as const, together);
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
      if (!health) throw new Error('the video\'s health was not measured');
      return { source, motion, animation, verification, health, kit, outFile, kitDir, verdict: judge(source.after, verification, health) };
    };

    let attempt = await animateAndCheck(enhanced, req.motion, 1);
    // The quality gate: under a threshold, one more try with other settings; the better one stays.
    const chosenMotion = new Set((Object.keys(request.motion ?? {}) as Array<keyof MotionSettings>).filter((k) => request.motion?.[k] !== undefined));
    const plan = planRetry(attempt.verdict, req.motion, chosenMotion);
    let retry: Parameters<typeof scoresReport>[1];
    if (plan) {
      const first = attempt;
      const stronger = plan.enhance ? await stage('enhance', 'Enhancing the photo again', () => enhancePhoto(photo, { faceBox: face.box, strength: 'strong' })) : undefined;
      const source = stronger && stronger.after.score > enhanced.after.score ? stronger : enhanced;
      if (source !== enhanced || plan.motion || repeatsAnimation(plan)) {
        const second = await animateAndCheck(source, plan.motion ?? req.motion, 2);
        const kept = better(first.verdict, second.verdict);
        const [keep, drop] = kept === 'second' ? [second, first] : [first, second];
        await rm(drop.outFile, { force: true });
        await rm(drop.kitDir, { recursive: true, force: true });
        if (kept === 'second') {
          await rename(second.outFile, videoPath);
          if (wantsKit) await rename(second.kitDir, path.join(staging.dir, KIT_FOLDER));
          if (wantsKit && req.zip) await rename(path.join(staging.dir, `retry-${KIT_ZIP}`), path.join(staging.dir, KIT_ZIP));
          if (source !== enhanced) await writeJpeg(source.rgb, source.width, source.height, path.join(staging.dir, OUTPUT_FILES.enhancedPhoto));
        }
        attempt = keep;
        retry = { plan, first: first.verdict, kept };
      }
    }
    const { animation, verification, kit } = attempt;
    const kept = attempt.source;

    const probe = await probeMedia(videoPath, { signal });
    const videoStream = probe.streams.find((s) => s.codecType === 'video');
    const audioStream = probe.streams.find((s) => s.codecType === 'audio');
    if (!videoStream || !audioStream) throw new TalkingPhotoError('RENDER_FAILED', 'The video was written without picture or sound: try again, and report it if it happens twice.');

    const report: RenderReport = {
      version: 1,
      createdAt: new Date().toISOString(),
      files: { ...OUTPUT_FILES },
      input: {
        photo: { name: path.basename(req.photoPath), format: photo.format, bytes: photo.bytes, width: photo.width, height: photo.height, downscaled: photo.downscaled },
        ...(req.script !== undefined
          ? { script: { characters: [...req.script].length, language: req.language, voice: voice.engine.voice ?? voiceInfo?.id ?? '' } }
          : { audio: { name: path.basename(req.audioPath!) } }),
      },
      output: {
        width: videoStream.width ?? master.width,
        height: videoStream.height ?? master.height,
        fps: videoStream.fps ?? req.fps,
        frames: animation.frameCount,
        durationS: probe.durationS,
        sizeBytes: probe.sizeBytes,
        video: { codec: videoStream.codecName, profile: videoStream.profile, pixelFormat: videoStream.pixFmt },
        audio: { codec: audioStream.codecName, sampleRate: audioStream.sampleRate, channels: audioStream.channels },
        faststart: true,
      },
      stages,
      totalMs: 0,
      face: {
        box: face.box,
        boxInVideo: animation.faceBoxInFrame,
        confidence: face.confidence,
        facesFound: 1 + faces.others.length,
        others: faces.others.map((f) => f.box),
      },
      voice: {
        source: voice.source,
        durationS: voice.durationS,
        words: voice.words,
        loudness: voice.loudness,
        ...(req.audioPath !== undefined && req.script === undefined ? { cleanup: recordingCleanupReport(ourVoice, req.rawVoice) } : {}),
      },
      quality: {
        image: {
          before: kept.before.score,
          after: kept.after.score,
          chosen: kept.chosen,
          applied: kept.applied,
          details: { before: kept.before, after: kept.after },
        },
        ...(verification ? reportedVerification(verification) : {}),
        health: attempt.health,
        scores: scoresReport(attempt.verdict, retry),
      },
      motion: { ...attempt.motion, blinksPlanned: animation.track.blinkFrames.length },
      animation: { region: animation.region, drawMs: Math.round(animation.drawMs) },
      ...(kit
        ? {
            kit: {
              manifest: `${KIT_FOLDER}/manifest.json`,
              ...(req.zip ? { zip: KIT_ZIP } : {}),
              renditions: kit.renditions.map((r) => ({ platform: r.platform, width: r.width, height: r.height, failedChecks: r.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`) })),
            },
          }
        : {}),
      ...(cloud ? { providers: cloud.report() } : {}),
      tools: {
        ffmpeg: tools.ffmpeg,
        ffprobe: tools.ffprobe,
        ...(tools.warning ? { warning: tools.warning } : {}),
        ...(voice.source === 'tts' ? { tts: voice.engine } : {}),
      },
    };
    report.stages.sort((a, b) => RENDER_STAGES.indexOf(a.stage) - RENDER_STAGES.indexOf(b.stage));
    report.totalMs = Math.round(performance.now() - started);
    await writeFile(path.join(staging.dir, OUTPUT_FILES.report), JSON.stringify(report, null, 2) + '\n');
    if (signal?.aborted) throw cancelled();
    await staging.commit([
      OUTPUT_FILES.enhancedPhoto,
      OUTPUT_FILES.video,
      ...(kit ? [KIT_FOLDER] : []),
      ...(kit && req.zip ? [KIT_ZIP] : []),
      OUTPUT_FILES.report,
    ]);
    log.info('render finished', {
      totalMs: report.totalMs,
      durationS: report.output.durationS,
      drawMs: report.animation.drawMs,
      passed: report.quality.scores?.passed,
      retried: retry !== undefined,
    });
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

/** The chosen face's mesh and box on a photo drawn at `scale` (the enhanced photo's). */
function inVideoPhoto(face: { mesh: readonly (readonly [number, number])[]; depth?: readonly number[]; box: { x: number; y: number; width: number; height: number } }, scale: number) {
  return {
    mesh: face.mesh.map((p) => [p[0] * scale, p[1] * scale] as const),
    ...(face.depth ? { meshDepth: face.depth.map((z) => z * scale) } : {}),
    faceBox: { x: face.box.x * scale, y: face.box.y * scale, width: face.box.width * scale, height: face.box.height * scale },
  };
}

/** This process's memory as a stage ends, in MB: where a render's peak comes from (issue 15's ≤ 500 MB). */
function memoryFigures(): { rssMb: number; heapMb: number; buffersMb: number } {
  const m = process.memoryUsage();
  const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);
  return { rssMb: mb(m.rss), heapMb: mb(m.heapUsed), buffersMb: mb(m.arrayBuffers) };
}
