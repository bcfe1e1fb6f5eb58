import type { ResponseValue } from '../src-shared/ipc/contract.js';
import type { MediaRef } from '../src-shared/ipc/media-ref.js';

/**
 * A past project's export kit as the window shows it, read from the manifest.json that
 * `projects:media` hands over (src-main/engine/kit/export-kit.ts `KitManifest`). The manifest is
 * a file from disk, possibly written by an older or newer app: each entry is checked
 * field by field, one that does not read is left out and counted, and every path it
 * names is resolved to a file main actually shared (`kit.files`), never trusted as a URL.
 */

type ProjectMedia = ResponseValue<'projects:media'>;
export type SharedKit = NonNullable<ProjectMedia['kit']>;
export type SharedKitFile = SharedKit['files'][number];

/** A file of the kit: its path inside the kit (what the manifest names) and where main shared it. */
export interface KitFile {
  name: string;
  file: MediaRef;
}

export interface RenditionCheckView {
  name: string;
  ok: boolean;
  /** One sentence with the measured value and the platform's limit. */
  detail: string;
}

export interface RenditionView {
  /** A platform id; one this window does not know is shown as it is. */
  platform: string;
  video: KitFile | null;
  width: number;
  height: number;
  fps: number;
  durationS: number;
  /** 'copy': the master's own streams; 'encode': cut and encoded for this platform. */
  method: 'copy' | 'encode';
  /** Set when the voice ran past the platform's limit and the video was cut there. */
  trimmedToS: number | null;
  burnedCaptions: boolean;
  captions: { srt: KitFile | null; vtt: KitFile | null };
  cover: KitFile | null;
  postText: KitFile | null;
  uploadSteps: KitFile | null;
  checks: RenditionCheckView[];
}

export interface GuideView {
  id: string;
  tool: string;
  templateName: string;
  platforms: string[];
  difficulty: string;
  estimatedMinutes: number;
  toolsRequired: string[];
  file: KitFile | null;
}

export interface KitView {
  renditions: RenditionView[];
  guides: GuideView[];
  /** Every shared file, for saving one by one. */
  files: SharedKitFile[];
  /** Entries of the manifest that could not be read (a damaged or foreign manifest). */
  unreadable: number;
}

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const count = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null);
const texts = (value: unknown): string[] | null => (Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : null);

function readCheck(value: unknown): RenditionCheckView | null {
  if (!isFields(value)) return null;
  const name = text(value.name);
  const detail = text(value.detail);
  if (name === null || detail === null || typeof value.ok !== 'boolean') return null;
  return { name, ok: value.ok, detail };
}

function readRendition(value: unknown, fileOf: (name: unknown) => KitFile | null): RenditionView | null {
  if (!isFields(value)) return null;
  const platform = text(value.platform);
  const [width, height, fps, durationS] = [count(value.width), count(value.height), count(value.fps), count(value.durationS)];
  const method = value.method === 'copy' || value.method === 'encode' ? value.method : null;
  const checks = Array.isArray(value.checks) ? value.checks.map(readCheck) : null;
  if (platform === null || width === null || height === null || fps === null || durationS === null || method === null || checks === null) return null;
  if (checks.some((check) => check === null)) return null;
  const captions = isFields(value.captions) ? value.captions : {};
  return {
    platform,
    video: fileOf(value.video),
    width,
    height,
    fps,
    durationS,
    method,
    trimmedToS: count(value.trimmedToS),
    burnedCaptions: value.burnedCaptions === true,
    captions: { srt: fileOf(captions.srt), vtt: fileOf(captions.vtt) },
    cover: fileOf(value.thumbnail),
    postText: fileOf(value.postText),
    uploadSteps: fileOf(value.uploadSteps),
    checks: checks as RenditionCheckView[],
  };
}

function readGuide(value: unknown, fileOf: (name: unknown) => KitFile | null): GuideView | null {
  if (!isFields(value)) return null;
  const [id, tool, templateName, difficulty] = [text(value.id), text(value.tool), text(value.templateName), text(value.difficulty)];
  const estimatedMinutes = count(value.estimatedMinutes);
  const platforms = texts(value.platforms);
  const toolsRequired = texts(value.toolsRequired);
  if (id === null || tool === null || templateName === null || difficulty === null || estimatedMinutes === null || platforms === null || toolsRequired === null) return null;
  return { id, tool, templateName, platforms, difficulty, estimatedMinutes, toolsRequired, file: fileOf(value.file) };
}

export function readKit(kit: SharedKit): KitView {
  const byName = new Map(kit.files.map((file) => [file.name, file.file]));
  const fileOf = (name: unknown): KitFile | null => {
    const file = typeof name === 'string' ? byName.get(name) : undefined;
    return file && typeof name === 'string' ? { name, file } : null;
  };
  const renditionEntries: unknown[] = Array.isArray(kit.manifest.renditions) ? kit.manifest.renditions : [];
  const guideEntries: unknown[] = Array.isArray(kit.manifest.guides) ? kit.manifest.guides : [];
  const renditions = renditionEntries.map((entry) => readRendition(entry, fileOf));
  const guides = guideEntries.map((entry) => readGuide(entry, fileOf));
  const read = <T>(items: (T | null)[]): T[] => items.filter((item): item is T => item !== null);
  // A manifest without its lists at all is as damaged as one with a bad entry.
  const missingLists = Number(!Array.isArray(kit.manifest.renditions)) + Number(!Array.isArray(kit.manifest.guides));
  return {
    renditions: read(renditions),
    guides: read(guides),
    files: kit.files,
    unreadable: renditions.length - read(renditions).length + guides.length - read(guides).length + missingLists,
  };
}

/** Failed checks first, each group in the manifest's order. */
export const checksInOrder = (checks: readonly RenditionCheckView[]): RenditionCheckView[] => [...checks.filter((check) => !check.ok), ...checks.filter((check) => check.ok)];

/** A file's name for saving: its path inside the kit with the folders joined, so two files never save over each other. */
export const downloadName = (name: string): string => name.split('/').filter(Boolean).join('-');
