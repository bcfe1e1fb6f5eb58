import path from 'node:path';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { RENDER_STAGES } from '../../../src-shared/render.js';
import type { RenderReport } from '../../../src-shared/report.js';
import type { FaceAnalysis } from '../face/face-analysis.js';
import type { IntakePhoto } from '../intake/photo-intake.js';
import type { KitMaster } from '../kit/kit-master.js';
import type { MediaTools } from '../media/ffmpeg.js';
import type { ProbeResult } from '../media/probe.js';
import { reportedVerification } from '../verify/video-verify.js';
import { recordingCleanupReport } from '../voice/cleanup-report.js';
import type { Voice } from '../voice/voice.js';
import type { Attempt } from './attempt.js';
import { KIT_FOLDER, KIT_ZIP, OUTPUT_FILES } from './output-files.js';
import { scoresReport, type RetryOutcome } from './quality-gate.js';
import type { RenderSettings } from './render-request.js';

/** What a finished render hands to its report: the stages' results, nothing measured anew. */
export interface ReportInputs {
  req: RenderSettings;
  createdAt: Date;
  photo: Pick<IntakePhoto, 'format' | 'bytes' | 'width' | 'height' | 'downscaled'>;
  faces: FaceAnalysis;
  /** The voice as it was made here (the recording's cleanup is reported from it). */
  ourVoice: Voice;
  /** The checked script's voice id, named when the engine did not name one. */
  scriptVoiceId: string | undefined;
  master: KitMaster;
  /** The kept video as ffprobe reads it. */
  probe: ProbeResult;
  /** Each finished stage, in the order it finished. */
  stages: RenderReport['stages'];
  totalMs: number;
  /** The kept attempt, and the retry when one ran. */
  attempt: Attempt;
  retry?: RetryOutcome;
  providers?: RenderReport['providers'];
  tools: MediaTools;
}

/**
 * report.json (src-shared/report.ts) from what the stages returned: a pure function, so
 * what the creator reads is tested without a render. A video without picture or sound is
 * refused here, before it is reported as made.
 */
export function renderReport(inputs: ReportInputs): RenderReport {
  const { req, photo, faces, master, probe, attempt, tools } = inputs;
  const { animation, verification, kit, source: kept, voice } = attempt;
  const face = faces.chosen;
  const videoStream = probe.streams.find((s) => s.codecType === 'video');
  const audioStream = probe.streams.find((s) => s.codecType === 'audio');
  if (!videoStream || !audioStream) throw new TalkingPhotoError('RENDER_FAILED', 'The video was written without picture or sound: try again, and report it if it happens twice.');
  return {
    version: 1,
    createdAt: inputs.createdAt.toISOString(),
    files: { ...OUTPUT_FILES },
    input: {
      photo: { name: path.basename(req.photoPath), format: photo.format, bytes: photo.bytes, width: photo.width, height: photo.height, downscaled: photo.downscaled },
      ...(req.script !== undefined
        ? { script: { characters: [...req.script].length, language: req.language, voice: voice.engine.voice ?? inputs.scriptVoiceId ?? '' } }
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
    stages: [...inputs.stages].sort((a, b) => RENDER_STAGES.indexOf(a.stage) - RENDER_STAGES.indexOf(b.stage)),
    totalMs: inputs.totalMs,
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
      ...(req.audioPath !== undefined && req.script === undefined ? { cleanup: recordingCleanupReport(inputs.ourVoice, req.rawVoice) } : {}),
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
      scores: scoresReport(attempt.verdict, inputs.retry),
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
    ...(inputs.providers ? { providers: inputs.providers } : {}),
    tools: {
      ffmpeg: tools.ffmpeg,
      ffprobe: tools.ffprobe,
      ...(tools.warning ? { warning: tools.warning } : {}),
      ...(voice.source === 'tts' ? { tts: voice.engine } : {}),
    },
  };
}

/** What the output folder receives, in the order it is moved in, report.json last. */
export function outputFileList(report: RenderReport): string[] {
  return [OUTPUT_FILES.enhancedPhoto, OUTPUT_FILES.video, ...(report.kit ? [KIT_FOLDER] : []), ...(report.kit?.zip ? [KIT_ZIP] : []), OUTPUT_FILES.report];
}
