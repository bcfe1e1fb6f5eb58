import { z } from 'zod';

/**
 * Upload spec of each social platform the export kit targets (SPEC §3, issue 5), as data.
 *
 * First written down on 2026-11 without live access to the platforms' pages. Verified on
 * 2026-11-25 by searching stored copies of public documentation (no live page was
 * fetched): Meta's ig-user/media reference (reel and story specs) and Reels Publishing
 * API page, TikTok's Content Posting API docs (media transfer guide, Direct Post), the
 * YouTube Help Center (encoding settings, three-minute Shorts, hashtags) and YouTube Data
 * API `videos` resource, LinkedIn's video help and Videos API, and X's media best
 * practices and counting-characters pages (xdevplatform/docs on GitHub). Hashtag caps
 * (Instagram and TikTok, 5) come from news reports of the in-app change, not a help page.
 * Could not be verified against an official page here: WhatsApp Status (no WhatsApp page
 * in the stored corpus; only third-party figures, which disagree), TikTok's 287.6 MB app
 * cap, the LinkedIn and X post lengths beyond third-party confirmation, every
 * `recommended` hashtag count, and the safe areas (see below); those keep their values.
 *
 * Every entry names its most authoritative source page; re-check it before a release,
 * because platforms change limits without notice. Where sources disagree or a limit
 * depends on the account or the upload route (app, web, API), we keep the *stricter*
 * value, so a file that passes our checks uploads everywhere.
 */

export const PLATFORM_IDS = ['instagram-reels', 'instagram-feed', 'instagram-story', 'tiktok', 'youtube-shorts', 'youtube', 'linkedin', 'x', 'facebook-reels', 'whatsapp-status'] as const;

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
/** YouTube's description limit is 5,000 UTF-8 *bytes* (Data API); post-text.ts counts bytes for YouTube. */
const YOUTUBE_DESCRIPTION = 5000;

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
 * rounded up. Not verified on 2026-11-25: only third-party restatements were found, and
 * they give ad placements (Meta Reels ads: 14% top, 35% bottom, 6% sides, for the CTA
 * row), not organic posts. Re-check against the templates with the other values.
 */
const VERTICAL_FEED_SAFE: SafeArea = { top: 14, bottom: 22, left: 6, right: 12 };

const SPECS: Record<PlatformId, PlatformSpec> = {
  'instagram-reels': {
    id: 'instagram-reels',
    label: 'Instagram Reels',
    aspect: { w: 9, h: 16 },
    width: 1080,
    height: 1920,
    // Meta's reel spec (ig-user/media): 23–60 fps, H.264/HEVC, AAC ≤ 48 kHz at 128 kb/s,
    // ≤ 25 Mb/s, ≤ 300 MB, 3 s–15 min. The app takes up to 20 min but does not recommend
    // reels over 3 min to new audiences; we keep 3 min. Some scheduling tools' docs say
    // API reels stop at 90 s (the old Reels-tab window); Meta's reference does not.
    fps: { min: 23, max: 60 },
    video: H264(8000),
    audio: AAC(48000),
    maxDurationS: 180,
    maxFileBytes: 300 * MB,
    // Caption 2,200 characters (Meta's API). At most 5 hashtags since Dec 2025 (Mosseri's
    // announcement, as reported; no help page found).
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
    // Since July 2023 feed videos are published as reels (Meta's content publishing guide);
    // 4:5 is the tallest ratio the feed shows uncropped. Same limits as reels.
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
    source: 'https://developers.facebook.com/docs/instagram-platform/instagram-api-with-facebook-login/content-publishing',
  },
  'instagram-story': {
    id: 'instagram-story',
    label: 'Instagram Story',
    aspect: { w: 9, h: 16 },
    width: 1080,
    height: 1920,
    // Meta's story video spec (ig-user/media): 3–60 s, ≤ 100 MB, 23–60 fps, AAC ≤ 48 kHz.
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
    // TikTok's media transfer guide: 23–60 fps, ≤ 4 GB, and "all TikTok creators can post
    // 3-minute videos, while some have access to post 5-minute or 10-minute videos": the
    // limit depends on the account, so 3 min, not the 10 min third-party guides quote.
    // 287.6 MB is the iOS app cap in third-party guides (unverified), stricter than 4 GB;
    // 3.5 Mb/s keeps even a 10-min upload under it ((3,500 + 128) kb/s × 600 s ≈ 272 MB).
    fps: { min: 23, max: 60 },
    video: H264(3500),
    audio: AAC(48000),
    maxDurationS: 180,
    maxFileBytes: 287_600_000,
    // The Content Posting API takes a 2,200-UTF-16-unit caption (Direct Post reference);
    // the app allows 4,000. At most 5 hashtags since Aug 2025 (in-app notice, as reported).
    captionLimit: 2200,
    hashtags: { recommended: 4, max: 5 },
    // TikTok's safe-zone template: caption/music bottom ~20%, action column right ~12%,
    // Following/For You tabs top ~8%.
    safeArea: { top: 8, bottom: 20, left: 4, right: 12 },
    checked: CHECKED,
    source: 'https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide',
  },
  'youtube-shorts': {
    id: 'youtube-shorts',
    label: 'YouTube Shorts',
    aspect: { w: 9, h: 16 },
    width: 1080,
    height: 1920,
    // Square or vertical videos up to 3 min are Shorts since 15 Oct 2024 (YouTube Help).
    // File size is bounded by YouTube's 256 GB upload limit; 1 GB keeps renders sane.
    fps: { min: 24, max: 60 },
    video: H264(8000),
    audio: AAC(48000),
    maxDurationS: 180,
    maxFileBytes: 1 * GB,
    // Data API: title 100 characters, description 5,000 *bytes* (guides quote 5,000
    // characters): postTextLength counts UTF-8 bytes for YouTube, so a Japanese
    // description is held to about 1,666 characters and an English one to 5,000. Help: > 60 hashtags and all are ignored, the first
    // 3 show by the title; 15 is the older, stricter cap still in many guides.
    captionLimit: YOUTUBE_DESCRIPTION,
    titleLimit: 100,
    hashtags: { recommended: 3, max: 15 },
    safeArea: { top: 8, bottom: 20, left: 4, right: 12 },
    checked: CHECKED,
    source: 'https://support.google.com/youtube/answer/15424877',
  },
  youtube: {
    id: 'youtube',
    label: 'YouTube (16:9)',
    aspect: { w: 16, h: 9 },
    width: 1920,
    height: 1080,
    // Recommended upload encoding: H.264 High, 4:2:0, AAC-LC 48 kHz, stereo 384 kb/s,
    // 8 Mb/s for 1080p at 24–30 fps (12 Mb/s at 48–60; a recommendation, not a limit).
    // Unverified accounts may upload 15 min; verified ones 12 h. We keep 15 min.
    fps: { min: 24, max: 60 },
    video: H264(8000),
    audio: AAC(48000, 384),
    maxDurationS: 900,
    maxFileBytes: 2 * GB,
    captionLimit: YOUTUBE_DESCRIPTION,
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
    // LinkedIn help: 3 s–15 min from desktop, 10 min from mobile (we keep 10), 75 KB–5 GB,
    // 10–60 fps, 192 kb/s–30 Mb/s, aspect 1:2.4 to 2.4:1. The Videos API (Microsoft Learn,
    // linkedin/marketing/community-management/shares/videos-api) takes 75 KB–500 MB and
    // 3 s–30 min: we keep 500 MB. Square shows uncropped on desktop and mobile feeds.
    fps: { min: 10, max: 60 },
    video: H264(6000),
    audio: AAC(48000),
    maxDurationS: 600,
    maxFileBytes: 500 * MB,
    // Post text 3,000 characters (third-party guides agree; no LinkedIn page found).
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
    // X's media best practices: dimensions "between 32x32 and 1280x1024" (a 1080-px side
    // is over 1024), 720×720 recommended for square; non-Premium accounts play back 720p.
    width: 720,
    height: 720,
    // Duration and size: the page as of Aug 2026 says 0.5–140 s and ≤ 512 MB; another
    // (undated, likely newer) copy says 20 min and 8 GB for Post video. We keep 140 s, 512 MB.
    // ≤ 60 fps, 4:2:0, AAC-LC (HE-AAC refused). 44.1 kHz is unverified (X gives no rate).
    fps: { min: 24, max: 60 },
    video: H264(5000),
    audio: AAC(44100),
    maxDurationS: 140,
    maxFileBytes: 512 * MB,
    // 280 weighted characters, CJK and emoji count 2 (counting-characters page); X's help
    // advises at most 2 hashtags (as quoted by third parties).
    captionLimit: 280,
    hashtags: { recommended: 2, max: 2 },
    safeArea: { top: 4, bottom: 10, left: 4, right: 4 },
    checked: CHECKED,
    source: 'https://docs.x.com/x-api/media/quickstart/best-practices',
  },
  'facebook-reels': {
    id: 'facebook-reels',
    label: 'Facebook Reels',
    aspect: { w: 9, h: 16 },
    width: 1080,
    height: 1920,
    // Reels Publishing API: 3–90 s, 24–60 fps, 1080×1920 recommended, H.264, closed GOP,
    // AAC-LC 48 kHz stereo ≥ 128 kb/s. The app allows longer reels; the API's 90 s is
    // stricter. The page gives no file size: 1 GB is ours, unverified.
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
    // Unverified (no WhatsApp page found): status videos up to 60 s since the 2024
    // rollout (news reports); older guides say 30 s, and one unofficial API (Z-API) caps
    // status videos at 10 MB against the 16 MB media cap most guides give. We keep 60 s
    // and 16 MB (the current app's figures) until a WhatsApp page settles it: 720p at a
    // bitrate that keeps 60 s under 16 MB ((1,800 + 128) kb/s × 60 s ≈ 14.5 MB).
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
