import type { MediaRef } from '../../src-shared/ipc/media-ref.js';
import type { ProjectMediaView } from '../stores/result-store.js';
import type { FakeTransport } from './fake-transport.js';

/**
 * A finished project's files as `projects:media` shares them, with an export kit for
 * TikTok and LinkedIn laid out the way src-main/engine/kit/export-kit.ts writes it.
 */

const ROOT = 'r00000000001';
export const shared = (path: string): MediaRef => ({ root: ROOT, path });

/** Kit-relative names, as the manifest lists them. */
const KIT_FILES: { name: string; platform: string | null }[] = [
  { name: 'manifest.json', platform: null },
  { name: 'captions/captions.srt', platform: null },
  { name: 'captions/captions.vtt', platform: null },
  { name: 'video/tiktok.mp4', platform: 'tiktok' },
  { name: 'covers/tiktok.jpg', platform: 'tiktok' },
  { name: 'post-text/tiktok.txt', platform: 'tiktok' },
  { name: 'post-text/tiktok-upload-steps.txt', platform: 'tiktok' },
  { name: 'video/linkedin.mp4', platform: 'linkedin' },
  { name: 'covers/linkedin.jpg', platform: 'linkedin' },
  { name: 'post-text/linkedin.txt', platform: 'linkedin' },
  { name: 'post-text/linkedin-upload-steps.txt', platform: 'linkedin' },
  { name: 'guides/heygen-product-demo.md', platform: null },
];

/** Library assets are stored by content, not by kit name: the refs differ from the names on purpose. */
export const kitFileRef = (name: string): MediaRef => shared(`assets/${name.replace(/[/.]/g, '_')}`);

function rendition(platform: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    platform,
    video: `video/${platform}.mp4`,
    width: 1080,
    height: 1920,
    fps: 30,
    durationS: 9.6,
    method: 'encode',
    burnedCaptions: false,
    captions: { srt: 'captions/captions.srt', vtt: 'captions/captions.vtt' },
    thumbnail: `covers/${platform}.jpg`,
    postText: `post-text/${platform}.txt`,
    uploadSteps: `post-text/${platform}-upload-steps.txt`,
    checks: [
      { name: 'video codec', ok: true, detail: 'h264 yuv420p' },
      { name: 'frame size', ok: true, detail: '1080×1920, needs 1080×1920' },
      { name: 'file size', ok: true, detail: '2.1 MB of at most 287 MB' },
    ],
    ...changes,
  };
}

export function kitManifest(): Record<string, unknown> {
  return {
    version: 1,
    project: { title: 'Spring sale', workflowType: 'product_demo', language: 'en' },
    createdAt: '2026-03-12T10:05:00.000Z',
    renditions: [
      rendition('tiktok'),
      rendition('linkedin', {
        width: 1080,
        height: 1080,
        method: 'copy',
        checks: [
          { name: 'video codec', ok: true, detail: 'h264 yuv420p' },
          { name: 'duration', ok: false, detail: '12.0 s is longer than the 10 s LinkedIn allows here: cut the script or turn on trimming.' },
        ],
      }),
    ],
    guides: [
      {
        id: 'heygen-product-demo',
        tool: 'HeyGen',
        templateName: 'Product demo avatar',
        platforms: ['tiktok', 'linkedin'],
        difficulty: 'beginner',
        estimatedMinutes: 15,
        toolsRequired: ['HeyGen account'],
        file: 'guides/heygen-product-demo.md',
      },
    ],
  };
}

export function projectMedia(changes: { manifest?: Record<string, unknown>; kit?: null; extraFiles?: string[] } = {}): ProjectMediaView {
  const names = [...KIT_FILES, ...(changes.extraFiles ?? []).map((name) => ({ name, platform: null }))];
  return {
    photo: shared('assets/photo.jpg'),
    enhanced: shared('assets/enhanced.jpg'),
    video: shared('assets/video.mp4'),
    poster: shared('derived/ab/cd/video.poster.jpg'),
    kit: changes.kit === null ? null : { manifest: changes.manifest ?? kitManifest(), files: names.map(({ name, platform }) => ({ name, platform, file: kitFileRef(name) })) },
  };
}

export const CAPTIONS_VTT = 'WEBVTT\n\n1\n00:00.000 --> 00:02.400\nEverything is <b>half price</b>\n\n2\n00:02.400 --> 00:04.800 align:center\nthis week only.\n';
export const TIKTOK_POST = 'Everything in the shop is half price this week. #sale #shopping\n';
export const TIKTOK_STEPS = '1. Open TikTok and tap +.\n2. Choose video/tiktok.mp4.\n3. Paste the post text and publish.\n';
export const GUIDE_TEXT = '# HeyGen: Product demo avatar\n\n1. Upload enhanced.jpg as a photo avatar.\n<script>alert(1)</script>\n';

/** Serves the kit's text files the screen reads. */
export function serveKitTexts(transport: FakeTransport): void {
  transport
    .serveText(kitFileRef('captions/captions.vtt'), CAPTIONS_VTT)
    .serveText(kitFileRef('post-text/tiktok.txt'), TIKTOK_POST)
    .serveText(kitFileRef('post-text/tiktok-upload-steps.txt'), TIKTOK_STEPS)
    .serveText(kitFileRef('post-text/linkedin.txt'), 'Half price this week, in our shop. #retail\n')
    .serveText(kitFileRef('post-text/linkedin-upload-steps.txt'), '1. Start a post.\n2. Add the video.\n')
    .serveText(kitFileRef('guides/heygen-product-demo.md'), GUIDE_TEXT);
}
