import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import yazl from 'yazl';
import type { WorkflowType, LanguageCode } from '../../src-shared/limits.js';
import { platformSpec, type PlatformId } from '../../src-shared/platforms.js';
import { uploadStepsFor } from '../../src-shared/upload-steps.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../media/ffmpeg.js';
import { runProcess } from '../media/run-process.js';
import type { MotionTrack } from '../animate/motion-track.js';
import { writeCaptionFiles } from './caption-files.js';
import { cuesFromWords } from './captions.js';
import { joinPostText, postTextFor } from './post-text.js';
import type { Rect } from './reframe.js';
import { writeRenditions, type RenditionCheck } from './renditions.js';

/**
 * The export kit (SPEC §3): for each chosen platform a rendition, captions, a cover, post
 * text and upload steps, all listed in `manifest.json` with paths relative to the kit
 * folder, and optionally zipped. Built from the one master render.
 */
export interface KitManifest {
  version: 1;
  project: { title: string; workflowType: WorkflowType; language: LanguageCode };
  createdAt: string;
  renditions: Array<{
    platform: PlatformId;
    video: string;
    width: number;
    height: number;
    fps: number;
    durationS: number;
    captions: { srt: string; vtt: string };
    thumbnail: string;
    postText: string;
    uploadSteps: string;
    checks: RenditionCheck[];
  }>;
  guides: Array<{ tool: string; file: string }>;
}

export interface KitInput {
  kitDir: string;
  master: string;
  masterSize: { width: number; height: number };
  face: Rect;
  fps: number;
  platforms: readonly PlatformId[];
  words: ReadonlyArray<{ text: string; startS: number; endS: number }>;
  durationS: number;
  script: string;
  title: string;
  workflowType: WorkflowType;
  language: LanguageCode;
  track: MotionTrack;
  zip: boolean;
  signal?: AbortSignal;
}

/**
 * A cover frame a viewer would pick: eyes open (no blink within ±3 frames) and a natural,
 * half-open mouth, about a third of the way in, past the first words.
 */
export function coverFrame(track: MotionTrack): number {
  const gaps = Array.from(track.mouthGap).filter((g) => g > 0).sort((a, b) => a - b);
  const natural = gaps.length ? gaps[Math.floor(gaps.length * 0.4)]! : 0;
  let best = Math.min(track.frameCount - 1, Math.round(track.frameCount / 3));
  let bestScore = Infinity;
  for (let k = 0; k < track.frameCount; k++) {
    let blinking = false;
    for (let d = -3; d <= 3; d++) if ((track.blink[k + d] ?? 0) > 0.05) blinking = true;
    if (blinking) continue;
    const score = Math.abs(track.mouthGap[k]! - natural) * 10 + Math.abs(k / track.frameCount - 0.33);
    if (score < bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return best;
}

async function writeCover(video: string, timeS: number, file: string, signal?: AbortSignal): Promise<void> {
  const { ffmpeg } = mediaTools();
  const result = await runProcess(ffmpeg.path, [...SAFE_INPUT_FLAGS, '-loglevel', 'error', '-ss', timeS.toFixed(3), '-i', video, '-frames:v', '1', '-q:v', '2', '-y', file], { signal });
  if (result.code !== 0) throw new Error(`the cover could not be written: ${result.stderr.slice(-500)}`);
}

async function zipFolder(dir: string, zipFile: string): Promise<void> {
  const zip = new yazl.ZipFile();
  const walk = async (relative: string): Promise<void> => {
    for (const entry of await readdir(path.join(dir, relative), { withFileTypes: true })) {
      const rel = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) await walk(rel);
      else zip.addFile(path.join(dir, rel), rel);
    }
  };
  await walk('');
  zip.end();
  const part = `${zipFile}.part`;
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(part)).on('close', resolve).on('error', reject);
  });
  await rename(part, zipFile);
}

export async function buildExportKit(input: KitInput): Promise<KitManifest> {
  const { kitDir } = input;
  await mkdir(kitDir, { recursive: true });
  const specs = input.platforms.map((id) => platformSpec(id));
  const renditions = await writeRenditions({
    master: input.master,
    masterSize: input.masterSize,
    face: input.face,
    platforms: specs,
    outDir: path.join(kitDir, 'video'),
    fps: input.fps,
    signal: input.signal,
  });
  const cues = cuesFromWords(input.words, { durationS: input.durationS });
  const captions = await writeCaptionFiles(cues, path.join(kitDir, 'captions'), 'captions');
  const coverTime = coverFrame(input.track) / input.fps;
  const rel = (file: string): string => path.relative(kitDir, file).split(path.sep).join('/');
  const manifest: KitManifest = {
    version: 1,
    project: { title: input.title, workflowType: input.workflowType, language: input.language },
    createdAt: new Date().toISOString(),
    renditions: [],
    guides: [],
  };
  await mkdir(path.join(kitDir, 'covers'), { recursive: true });
  await mkdir(path.join(kitDir, 'post-text'), { recursive: true });
  for (const rendition of renditions) {
    const cover = path.join(kitDir, 'covers', `${rendition.platform}.jpg`);
    await writeCover(rendition.file, coverTime, cover, input.signal);
    const post = postTextFor(rendition.platform, { script: input.script, title: input.title, workflowType: input.workflowType, language: input.language });
    const postFile = path.join(kitDir, 'post-text', `${rendition.platform}.txt`);
    const youtube = post.title ? `Title: ${post.title}\n\n${post.description ?? ''}\n` : '';
    await writeFile(postFile, youtube || `${joinPostText(post)}\n`);
    const stepsFile = path.join(kitDir, 'post-text', `${rendition.platform}-upload-steps.txt`);
    await writeFile(stepsFile, uploadStepsFor(rendition.platform).map((step, i) => `${i + 1}. ${step}`).join('\n') + '\n');
    manifest.renditions.push({
      platform: rendition.platform,
      video: rel(rendition.file),
      width: rendition.width,
      height: rendition.height,
      fps: rendition.fps,
      durationS: rendition.durationS,
      captions: { srt: rel(captions.srt), vtt: rel(captions.vtt) },
      thumbnail: rel(cover),
      postText: rel(postFile),
      uploadSteps: rel(stepsFile),
      checks: rendition.checks,
    });
  }
  await writeFile(path.join(kitDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  if (input.zip) await zipFolder(kitDir, path.join(path.dirname(kitDir), 'kit.zip'));
  return manifest;
}
