import type { JobState, ProjectStatus } from '../src-shared/library.js';
import type { LanguageCode, WorkflowType } from '../src-shared/limits.js';
import type { PlatformId } from '../src-shared/platforms.js';
import type { RenderStage } from '../src-shared/render.js';

/**
 * What the window calls the engine's ids. Type-only imports: the modules that hold the
 * id lists also build zod schemas, which the window would otherwise bundle and never run.
 * Each map is a `Record` over its id type, so an id added there fails the typecheck here.
 */

/** Each language named in itself, so a creator finds their own. */
export const LANGUAGE_NAMES: Record<LanguageCode, string> = {
  en: 'English',
  hi: 'हिन्दी (Hindi)',
  es: 'Español (Spanish)',
  fr: 'Français (French)',
  de: 'Deutsch (German)',
  ja: '日本語 (Japanese)',
  ko: '한국어 (Korean)',
  zh: '中文 (Chinese)',
};

export const WORKFLOW_TYPE_NAMES: Record<WorkflowType, string> = {
  product_demo: 'Product demo',
  avatar_presentation: 'Presentation',
  lifestyle_content: 'Lifestyle',
  educational: 'Educational',
};

export const PROJECT_STATUS_NAMES: Record<ProjectStatus, string> = {
  pending: 'Waiting',
  processing: 'Being made',
  completed: 'Ready',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const JOB_STATE_NAMES: Record<JobState, string> = {
  queued: 'Waiting',
  running: 'Running',
  completed: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** The labels of src-shared/platforms.ts, in its order. */
export const PLATFORM_NAMES: Record<PlatformId, string> = {
  'instagram-reels': 'Instagram Reels',
  'instagram-feed': 'Instagram Feed (4:5)',
  'instagram-story': 'Instagram Story',
  tiktok: 'TikTok',
  'youtube-shorts': 'YouTube Shorts',
  youtube: 'YouTube (16:9)',
  linkedin: 'LinkedIn',
  x: 'X (Twitter)',
  'facebook-reels': 'Facebook Reels',
  'whatsapp-status': 'WhatsApp Status',
};

/** Width:height of each platform's rendition, as src-shared/platforms.ts gives it: the Create form draws it. */
export const PLATFORM_ASPECTS: Record<PlatformId, { w: number; h: number }> = {
  'instagram-reels': { w: 9, h: 16 },
  'instagram-feed': { w: 4, h: 5 },
  'instagram-story': { w: 9, h: 16 },
  tiktok: { w: 9, h: 16 },
  'youtube-shorts': { w: 9, h: 16 },
  youtube: { w: 16, h: 9 },
  linkedin: { w: 1, h: 1 },
  x: { w: 1, h: 1 },
  'facebook-reels': { w: 9, h: 16 },
  'whatsapp-status': { w: 9, h: 16 },
};

export const STAGE_NAMES: Record<RenderStage, string> = {
  intake: 'Reading the photo',
  face: 'Finding the face',
  enhance: 'Enhancing the photo',
  voice: 'Making the voice',
  animate: 'Animating',
  verify: 'Checking quality',
  kit: 'Building the export kit',
};

const keys = <K extends string>(record: Record<K, string>): K[] => Object.keys(record) as K[];

export const PLATFORM_IDS: readonly PlatformId[] = keys(PLATFORM_NAMES);
export const PROJECT_STATUSES: readonly ProjectStatus[] = keys(PROJECT_STATUS_NAMES);
export const JOB_STATES: readonly JobState[] = keys(JOB_STATE_NAMES);

export const isPlatformId = (id: string): id is PlatformId => Object.hasOwn(PLATFORM_NAMES, id);

/** A platform id from an older library that this window does not know is shown as it is. */
export const platformName = (id: string): string => (isPlatformId(id) ? PLATFORM_NAMES[id] : id);
export const stageName = (stage: string): string => (Object.hasOwn(STAGE_NAMES, stage) ? STAGE_NAMES[stage as RenderStage] : stage);
