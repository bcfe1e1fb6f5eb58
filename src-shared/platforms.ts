import { z } from 'zod';

/**
 * Upload spec of each social platform the export kit targets (SPEC §3, issue 5), as data.
 *
 * Why these numbers: they are the values the platforms' own help pages have documented
 * through 2025–2026, written down on 2026-11 without live access to those pages. Every
 * entry names its source page; re-check each one against that page before a release,
 * because platforms change limits without notice. Where sources disagree or a limit
 * depends on the account or the app (phone vs. web), we keep the *stricter* value, so a
 * file that passes our checks uploads everywhere.
 */

export const PLATFORM_IDS = [
  'instagram-reels',
  'instagram-feed',
  'instagram-story',
  'tiktok',
  'youtube-shorts',
  'youtube',
  'linkedin',
  'x',
  'facebook-reels',
  'whatsapp-status',
] as const;

export const PlatformIdSchema = z.enum(PLATFORM_IDS);
export type PlatformId = z.infer<typeof PlatformIdSchema>;

/** Percent of the frame, from each edge, that the platform's own UI covers. */
export interface SafeArea {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface PlatformSpec {
  id: PlatformId;
  label: string;
  /** Width:height of the rendition we produce. */
  aspect: { w: number; h: number };
  /** Pixel size of our rendition (even numbers, as yuv420p needs). */
  width: number;
  height: number;
  fps: { min: number; max: number };
  video: { codec: 'h264'; profile: 'high'; pixelFormat: 'yuv420p'; bitrateKbps: number };
  audio: { codec: 'aac'; profile: 'LC'; sampleRate: 44100 | 48000; channels: 1 | 2; bitrateKbps: number };
  maxDurationS: number;
  maxFileBytes: number;
  /**
   * Characters allowed in the post text (caption plus hashtags). `null` where the
   * platform has no post text field (an Instagram story has stickers, not a caption).
   */
  captionLimit: number | null;
  /** Characters allowed in a title, only where the platform has titles. */
  titleLimit?: number;
  /** How many hashtags are sensible (`recommended`) and the most we ever suggest (`max`). */
  hashtags: { recommended: number; max: number };
  safeArea: SafeArea;
  /** Month the values were last compared with `source`. */
  checked: string;
  /** The platform's official help page the values come from. */
  source: string;
}

const MB = 1_000_000; // decimal megabytes: smaller than MiB, so the stricter reading
const GB = 1_000_000_000;
const CHECKED = '2026-11';

const H264 = (bitrateKbps: number): PlatformSpec['video'] => ({
  codec: 'h264',
  profile: 'high',
  pixelFormat: 'yuv420p',
  bitrateKbps,
});
const AAC = (sampleRate: 44100 | 48000, bitrateKbps = 128): PlatformSpec['audio'] => ({
  codec: 'aac',
  profile: 'LC',
  sampleRate,
  channels: 2,
  bitrateKbps,
});

/*
 * Safe areas: Meta and TikTok publish overlay templates rather than percentages; these
 * percentages are read off the 1080×1920 templates (caption/username/audio row at the
 * bottom, like/comment/share column on the right, tabs or progress bar at the top),
 * rounded up. Re-check against the templates with the other values.
 */
const VERTICAL_FEED_SAFE: SafeArea = { top: 14, bottom: 22, left: 6, right: 12 };

const SPECS: Record<PlatformId, PlatformSpec> = {
  'instagram-reels': {
    id: 'instagram-reels',
    label: 'Instagram Reels',
    aspect: { w: 9, h: 16 },
    width: 1080,
    height: 1920,
    // Graph API reels spec: 23–60 fps, H.264, AAC 48 kHz, ≤ 300 MB. In-app reels may run
    // 3 min (2025); the API allows 15 min, we keep the stricter 3 min.
    fps: { min: 23, max: 60 },
    video: H264(8000),
    audio: AAC(48000),
    maxDurationS: 180,
    maxFileBytes: 300 * MB,
    // Caption 2,200 characters; since Dec 2025 Instagram allows at most 5 hashtags.
    captionLimit: 2200,
    hashtags: { recommended: 3, max: 5 },
    safeArea: VERTICAL_FEED_SAFE,
    checked: CHECKED,
    source: 'https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media#reel-specifications',
  },
  'instagram-feed': {
    id: 'instagram-feed',
    label: 'Instagram Feed (4:5)',
    aspect: { w: 4, h: 5 },
    width: 1080,
    height: 1350,
    // Feed videos are published as reels now; 4:5 is the tallest ratio the grid/feed
    // shows uncropped. Same codec, size and duration limits as reels.
    fps: { min: 23, max: 60 },
    video: H264(6000),
    audio: AAC(48000),
    maxDurationS: 180,
    maxFileBytes: 300 * MB,
    captionLimit: 2200,
    hashtags: { recommended: 3, max: 5 },
    // Only the caption gradient at the bottom covers a 4:5 feed post.
    safeArea: { top: 4, bottom: 10, left: 4, right: 4 },
    checked: CHECKED,
    source: 'https://help.instagram.com/1631821640426723',
  },
  'instagram-story': {
    id: 'instagram-story',
    label: 'Instagram Story',
    aspect: { w: 9, h: 16 },
    width: 1080,
    height: 1920,
    // Graph API stories spec: ≤ 60 s per story, ≤ 100 MB, 23–60 fps.
    fps: { min: 23, max: 60 },
    video: H264(8000),
    audio: AAC(48000),
    maxDurationS: 60,
    maxFileBytes: 100 * MB,
    captionLimit: null,
    // Hashtags go on as stickers; one or two is what creators use.
    hashtags: { recommended: 1, max: 3 },
    // Meta's story template: keep ~14% (250 px of 1920) clear at top and bottom.
    safeArea: { top: 14, bottom: 18, left: 6, right: 6 },
    checked: CHECKED,
    source: 'https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media#story-specifications',
  },
  tiktok: {
    id: 'tiktok',
    label: 'TikTok',
    aspect: { w: 9, h: 16 },
    width: 1080,
    height: 1920,
    // TikTok help "Uploading videos": 10 min from the app (longer only via web);
    // 287.6 MB is the iOS app limit, the strictest published one; 3.5 Mbps keeps a full
    // 10 min under it ((3,500 + 128) kbps × 600 s ≈ 272 MB), and TikTok re-encodes anyway.
    fps: { min: 23, max: 60 },
    video: H264(3500),
    audio: AAC(48000),
    maxDurationS: 600,
    maxFileBytes: 287_600_000,
    // Description limit raised to 4,000 characters (2023); 3–5 hashtags is TikTok's own advice.
    captionLimit: 4000,
    hashtags: { recommended: 4, max: 5 },
    // TikTok's safe-zone template: caption/music bottom ~20%, action column right ~12%,
    // Following/For You tabs top ~8%.
    safeArea: { top: 8, bottom: 20, left: 4, right: 12 },
    checked: CHECKED,
    source: 'https://support.tiktok.com/en/using-tiktok/creating-videos/uploading-videos',
  },
  'youtube-shorts': {
    id: 'youtube-shorts',
    label: 'YouTube Shorts',
    aspect: { w: 9, h: 16 },
    width: 1080,
    height: 1920,
    // Shorts may be up to 3 min since Oct 2024. File size is bounded by YouTube's 256 GB
    // upload limit; 1 GB keeps renders sane.
    fps: { min: 24, max: 60 },
    video: H264(8000),
    audio: AAC(48000),
    maxDurationS: 180,
    maxFileBytes: 1 * GB,
    // Description 5,000 characters, title 100; YouTube ignores all hashtags past 60 and
    // shows the first 3 above the title.
    captionLimit: 5000,
    titleLimit: 100,
    hashtags: { recommended: 3, max: 15 },
    safeArea: { top: 8, bottom: 20, left: 4, right: 12 },
    checked: CHECKED,
    source: 'https://support.google.com/youtube/answer/10059070',
  },
  youtube: {
    id: 'youtube',
    label: 'YouTube (16:9)',
    aspect: { w: 16, h: 9 },
    width: 1920,
    height: 1080,
    // Recommended upload encoding: H.264 High, yuv420p, AAC-LC 48 kHz, 8 Mbps for 1080p.
    // Unverified accounts may upload 15 min; verified ones 12 h. We keep 15 min.
    fps: { min: 24, max: 60 },
    video: H264(8000),
    audio: AAC(48000, 384),
    maxDurationS: 900,
    maxFileBytes: 2 * GB,
    captionLimit: 5000,
    titleLimit: 100,
    hashtags: { recommended: 3, max: 15 },
    // Player controls and the progress bar cover the bottom ~10% on hover.
    safeArea: { top: 5, bottom: 10, left: 3, right: 3 },
    checked: CHECKED,
    source: 'https://support.google.com/youtube/answer/1722171',
  },
  linkedin: {
    id: 'linkedin',
    label: 'LinkedIn',
    aspect: { w: 1, h: 1 },
    width: 1080,
    height: 1080,
    // LinkedIn help "Video specifications": 3 s–15 min from desktop, 10 min from mobile
    // (we keep 10), 75 KB–5 GB, 10–60 fps, aspect 1:2.4 to 2.4:1. Square shows uncropped
    // on both desktop and mobile feeds.
    fps: { min: 10, max: 60 },
    video: H264(6000),
    audio: AAC(48000),
    maxDurationS: 600,
    maxFileBytes: 5 * GB,
    // Post text 3,000 characters; LinkedIn suggests a few (≈3) hashtags.
    captionLimit: 3000,
    hashtags: { recommended: 3, max: 5 },
    safeArea: { top: 4, bottom: 10, left: 4, right: 4 },
    checked: CHECKED,
    source: 'https://www.linkedin.com/help/linkedin/answer/a548372',
  },
  x: {
    id: 'x',
    label: 'X (Twitter)',
    aspect: { w: 1, h: 1 },
    width: 1080,
    height: 1080,
    // X media best practices: ≤ 140 s and ≤ 512 MB for non-Premium accounts, ≤ 60 fps,
    // AAC-LC (HE-AAC refused), max 1920×1200. 44.1 kHz is the rate X's own encodes use.
    fps: { min: 24, max: 60 },
    video: H264(5000),
    audio: AAC(44100),
    maxDurationS: 140,
    maxFileBytes: 512 * MB,
    // 280 weighted characters (CJK counts double) for non-Premium posts; X advises 1–2 hashtags.
    captionLimit: 280,
    hashtags: { recommended: 2, max: 2 },
    safeArea: { top: 4, bottom: 10, left: 4, right: 4 },
    checked: CHECKED,
    source: 'https://developer.x.com/en/docs/x-api/v1/media/upload-media/uploading-media/media-best-practices',
  },
  'facebook-reels': {
    id: 'facebook-reels',
    label: 'Facebook Reels',
    aspect: { w: 9, h: 16 },
    width: 1080,
    height: 1920,
    // Facebook Reels publishing API: 3–90 s, 24–60 fps, H.264, AAC 48 kHz. Facebook has
    // since allowed longer reels in the app; the API's 90 s is the stricter limit.
    fps: { min: 24, max: 60 },
    video: H264(8000),
    audio: AAC(48000),
    maxDurationS: 90,
    maxFileBytes: 1 * GB,
    // Facebook posts allow ~63k characters; we hold reels captions to Instagram's 2,200
    // because creators cross-post the same text.
    captionLimit: 2200,
    hashtags: { recommended: 3, max: 5 },
    // Meta's Reels guidance: keep ~14% top and 35% bottom free of text (ad CTA row);
    // organic reels need less, 25% bottom covers caption and audio row.
    safeArea: { top: 14, bottom: 25, left: 6, right: 12 },
    checked: CHECKED,
    source: 'https://developers.facebook.com/docs/video-api/guides/reels-publishing',
  },
  'whatsapp-status': {
    id: 'whatsapp-status',
    label: 'WhatsApp Status',
    aspect: { w: 9, h: 16 },
    width: 720,
    height: 1280,
    // Status videos: up to 60 s each (2024). WhatsApp media is capped at 16 MB and
    // recompressed, so we send 720p at a bitrate that keeps 60 s under 16 MB
    // ((1,800 + 128) kbps × 60 s ≈ 14.5 MB).
    fps: { min: 24, max: 30 },
    video: H264(1800),
    audio: AAC(44100, 128),
    maxDurationS: 60,
    maxFileBytes: 16 * MB,
    // Status captions are short; 700 characters is the conservative documented figure.
    captionLimit: 700,
    hashtags: { recommended: 0, max: 0 },
    // Progress bar and name at the top, reply bar at the bottom.
    safeArea: { top: 10, bottom: 15, left: 4, right: 4 },
    checked: CHECKED,
    source: 'https://faq.whatsapp.com/1042495523019370',
  },
};

export function isPlatformId(id: string): id is PlatformId {
  return (PLATFORM_IDS as readonly string[]).includes(id);
}

/** The spec for a platform id; throws (with the list of valid ids) on an unknown one. */
export function platformSpec(id: PlatformId | string): PlatformSpec {
  if (!isPlatformId(id)) throw new Error(unknownPlatformMessage(id));
  return SPECS[id];
}

export function allPlatformSpecs(): PlatformSpec[] {
  return PLATFORM_IDS.map((id) => SPECS[id]);
}

/** One sentence for the creator (CLI and UI) naming the bad id and every valid one. */
export function unknownPlatformMessage(id: string): string {
  return `Unknown platform "${id}"; valid platforms are: ${PLATFORM_IDS.join(', ')}.`;
}
