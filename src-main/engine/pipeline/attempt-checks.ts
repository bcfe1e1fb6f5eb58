import path from 'node:path';
import { cuesFromSegments, cuesFromWords } from '../kit/captions.js';
import type { KitManifest } from '../kit/export-kit.js';
import { drawnFileHealth } from '../verify/drawn-file-check.js';
import type { DrawnFrames } from '../verify/drawn-frames.js';
import type { DecodeTap } from '../verify/frame-decode.js';
import { measureMediaHealth, mediaHealthTap, type MediaHealth, type WrittenStreams } from '../verify/media-health.js';
import type { VideoVerification } from '../verify/video-verify.js';
import type { SpeechSegment } from '../voice/speech-segments.js';
import type { Voice } from '../voice/voice.js';
import { allOrAbort } from './all-or-abort.js';
import type { AttemptSetup } from './attempt.js';
import type { CloudVideoResult } from './cloud-port.js';
import { attemptFiles } from './output-files.js';

export interface DrawnVideo {
  n: 1 | 2;
  outFile: string;
  kitDir: string;
  animation: CloudVideoResult;
  /** The speech the master carries. */
  voice: Voice;
  /** Aborted with the render, or by a failure of the check or the kit. */
  together: AbortController;
  /** The frame check (already running alongside the drawing, or started now), or none with --no-verify; `tap` rides on its decode (frame-decode.ts). */
  measure: (progress: (percent: number) => void, tap?: DecodeTap) => Promise<VideoVerification | undefined>;
  /** The frame check, started now, decodes the file from its start to its end (whole, or a long clip's windows in one pass): the file check can ride on that decode. */
  readsFileWhole: boolean;
  /** What our own encoder wrote (absent for a provider's video): the file check need not probe the file before its decode starts. */
  written?: WrittenStreams;
  /** The frames as we drew them (a local render judged whole): the file check's picture tests ran on them (drawn-file-check.ts). */
  drawn?: DrawnFrames;
}

export interface CheckedVideo {
  verification: VideoVerification | undefined;
  health: MediaHealth;
  kit: KitManifest | undefined;
}

/**
 * The check of the frames, then the kit. Side by side they peaked at 950 MB for a 10 s
 * five-platform kit (the check's face model and decoder beside the kit's 1080×1920
 * decode and encodes): one after the other keeps memory bounded. Without a kit, the file
 * check (one ffmpeg at 160 px) rides on the frame check's decode where that reads the
 * file to its end, and runs beside the frame check otherwise: after it, it added its whole
 * 0.4 s to every render (the kit's renditions measure it in their own decode).
 */
export async function checkAndKit(setup: AttemptSetup, drawn: DrawnVideo): Promise<CheckedVideo> {
  const { req, master, stagingDir, stage } = setup;
  const { n, outFile, kitDir, animation, voice, together } = drawn;
  const wantsKit = req.platforms.length > 0;
  let health: MediaHealth | undefined;
  const checks =
    req.verify || !wantsKit
      ? stage('verify', req.verify ? 'Checking the video as a viewer would' : 'Checking the video file', async (progress) => {
          const healthOptions = { region: animation.region, signal: together.signal };
          if (wantsKit) return drawn.measure(progress);
          if (drawn.drawn) {
            const fileCheck = drawnFileHealth(outFile, drawn.drawn, animation.region, { signal: together.signal }).then((h) => (health = h));
            const [measured] = await allOrAbort([drawn.measure(progress), fileCheck] as const, together);
            return measured;
          }
          if (drawn.readsFileWhole) {
            const shared = await mediaHealthTap(outFile, { ...healthOptions, ...(drawn.written ? { written: drawn.written } : {}) });
            const measured = await drawn.measure(progress, shared.tap);
            health = (await shared.health()) ?? (await measureMediaHealth(outFile, healthOptions));
            return measured;
          }
          const fileCheck = measureMediaHealth(outFile, { ...healthOptions, oneThread: true }).then((h) => (health = h));
          const [measured] = await allOrAbort([drawn.measure(progress), fileCheck] as const, together);
          return measured;
        })
      : Promise.resolve(undefined);
  const kitWork = wantsKit
    ? checks.then(() =>
        stage('kit', 'Making the export kit', async () => {
          // Loaded only for a kit: a plain render does not pay its modules' start-up (about 70 ms).
          const { buildExportKit } = await import('../kit/export-kit.js');
          const manifest = await buildExportKit({
            kitDir,
            zipFile: path.join(stagingDir, attemptFiles(n).zip),
            master: outFile,
            masterSize: { width: master.width, height: master.height },
            face: animation.faceBoxInFrame,
            fps: req.fps,
            platforms: req.platforms,
            durationS: voice.durationS,
            cues: captionCues(voice, setup.segments, req.transcript),
            burnCues: (maxLineColumns) => captionCues(voice, setup.segments, req.transcript, maxLineColumns),
            workDir: path.join(stagingDir, `.kit-work-${n}`),
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
        }),
      )
    : Promise.resolve(undefined);
  const [verification, kit] = await allOrAbort([checks, kitWork] as const, together);
  if (!health) throw new Error("the video's health was not measured");
  return { verification, health, kit };
}

/** Timed from the voice: its words (eSpeak's, or a transcript aligned to a recording), else the recording's speech segments. */
export function captionCues(voice: Voice, segments: SpeechSegment[], transcript: string | undefined, maxLineColumns?: number) {
  const lines = maxLineColumns ? { maxLineColumns } : {};
  return voice.source === 'tts' || voice.words.length > 0 ? cuesFromWords(voice.words, { durationS: voice.durationS, ...lines }) : cuesFromSegments(transcript, segments, voice.durationS, lines);
}
