import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WorkflowType, LanguageCode } from '../../../src-shared/limits.js';
import { platformSpec, type PlatformId } from '../../../src-shared/platforms.js';
import { uploadStepsFor } from '../../../src-shared/upload-steps.js';
import type { MotionTrack } from '../animate/motion-track.js';
import { writeCaptionFiles } from './caption-files.js';
import type { Cue } from './captions.js';
import { coverFrame, writeCovers } from './covers.js';
import { writeGuides, type GuideEntry } from './guides.js';
import { joinPostText, postTextFor } from './post-text.js';
import { reframe, type Rect } from './reframe.js';
import { zipFolder } from './zip-files.js';
import { writeRenditions, type RenditionCheck, type RenditionInput } from './renditions.js';

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
    /** 'copy': the master's own streams; 'encode': cut and encoded for this platform. */
    method: 'copy' | 'encode';
    /** Present when the voice was too long for the platform and a trimmed cut was asked for. */
    trimmedToS?: number;
    burnedCaptions: boolean;
    captions: { srt: string; vtt: string };
    thumbnail: string;
    postText: string;
    uploadSteps: string;
    checks: RenditionCheck[];
  }>;
  /** "Redo it in a cloud tool" guides, from the export templates that fit. */
  guides: GuideEntry[];
}

export interface KitInput {
  kitDir: string;
  master: string;
  masterSize: { width: number; height: number };
  face: Rect;
  fps: number;
  platforms: readonly PlatformId[];
  /** The voice's length. */
  durationS: number;
  /** Caption cues for the whole voice (empty for a recording without its transcript). */
  cues: readonly Cue[];
  /** The same captions with shorter lines, for burning in (see RenditionInput.burnCues). */
  burnCues?: (maxLineColumns: number) => Cue[];
  /** Scratch folder for caption scripts and fonts; not part of the kit. */
  workDir: string;
  burnCaptions: boolean;
  trim: boolean;
  /** Draw the title on the covers. */
  coverTitle: boolean;
  /** Measure the master's health in the renditions' decode (see RenditionInput.health). */
  health?: RenditionInput['health'];
  /** Where the zip goes (default: kit.zip beside the kit folder). */
  zipFile?: string;
  script: string;
  title: string;
  workflowType: WorkflowType;
  language: LanguageCode;
  track: MotionTrack;
  zip: boolean;
  signal?: AbortSignal;
}

export async function buildExportKit(input: KitInput): Promise<KitManifest> {
  const { kitDir } = input;
  await mkdir(kitDir, { recursive: true });
  const specs = input.platforms.map((id) => platformSpec(id));
  await mkdir(path.join(kitDir, 'covers'), { recursive: true });
  await mkdir(input.workDir, { recursive: true });
  // The covers are cut while the renditions encode: both read the master, neither waits.
  const [renditions] = await Promise.all([
    writeRenditions({
      master: input.master,
      masterSize: input.masterSize,
      face: input.face,
      platforms: specs,
      outDir: path.join(kitDir, 'video'),
      workDir: input.workDir,
      fps: input.fps,
      cues: input.cues,
      burnCaptions: input.burnCaptions,
      burnCues: input.burnCues,
      trim: input.trim,
      health: input.health,
      signal: input.signal,
    }),
    writeCovers({
      master: input.master,
      masterSize: input.masterSize,
      fps: input.fps,
      timeS: coverFrame(input.track) / input.fps,
      covers: specs.map((spec) => ({ spec, frame: reframe(input.masterSize, input.face, spec, spec.safeArea), file: path.join(kitDir, 'covers', `${spec.id}.jpg`) })),
      title: input.coverTitle ? input.title : undefined,
      workDir: input.workDir,
      signal: input.signal,
    }),
  ]);
  const captionsDir = path.join(kitDir, 'captions');
  const captions = await writeCaptionFiles(input.cues, captionsDir, 'captions');
  const rel = (file: string): string => path.relative(kitDir, file).split(path.sep).join('/');
  const manifest: KitManifest = {
    version: 1,
    project: { title: input.title, workflowType: input.workflowType, language: input.language },
    createdAt: new Date().toISOString(),
    renditions: [],
    guides: [],
  };
  await mkdir(path.join(kitDir, 'post-text'), { recursive: true });
  for (const rendition of renditions) {
    // A trimmed cut shows fewer words: it gets caption files of its own.
    const ownCaptions = rendition.trimmedToS !== undefined ? await writeCaptionFiles(rendition.cues, captionsDir, rendition.platform) : captions;
    const post = postTextFor(rendition.platform, { script: input.script, title: input.title, workflowType: input.workflowType, language: input.language });
    const postFile = path.join(kitDir, 'post-text', `${rendition.platform}.txt`);
    const youtube = post.title ? `Title: ${post.title}\n\n${post.description ?? ''}\n` : '';
    await writeFile(postFile, youtube || `${joinPostText(post)}\n`);
    const stepsFile = path.join(kitDir, 'post-text', `${rendition.platform}-upload-steps.txt`);
    await writeFile(
      stepsFile,
      uploadStepsFor(rendition.platform)
        .map((step, i) => `${i + 1}. ${step}`)
        .join('\n') + '\n',
    );
    manifest.renditions.push({
      platform: rendition.platform,
      video: rel(rendition.file),
      width: rendition.width,
      height: rendition.height,
      fps: rendition.fps,
      durationS: rendition.durationS,
      method: rendition.method,
      ...(rendition.trimmedToS !== undefined ? { trimmedToS: rendition.trimmedToS } : {}),
      burnedCaptions: input.burnCaptions && rendition.cues.length > 0,
      captions: { srt: rel(ownCaptions.srt), vtt: rel(ownCaptions.vtt) },
      thumbnail: rel(path.join(kitDir, 'covers', `${rendition.platform}.jpg`)),
      postText: rel(postFile),
      uploadSteps: rel(stepsFile),
      checks: rendition.checks,
    });
  }
  manifest.guides = await writeGuides({
    kitDir,
    platforms: [...input.platforms],
    workflowType: input.workflowType,
    script: input.script,
    title: input.title,
    language: input.language,
    durationS: input.durationS,
  });
  await writeFile(path.join(kitDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  if (input.zip) await zipFolder(kitDir, input.zipFile ?? path.join(path.dirname(kitDir), 'kit.zip'));
  return manifest;
}
