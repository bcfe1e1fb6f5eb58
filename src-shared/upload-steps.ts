import { platformSpec, type PlatformId } from './platforms.js';

/**
 * What a creator clicks to post the kit's files, per platform (SPEC §3 "step-by-step
 * upload instructions"). Plain text, 3–7 steps. Written from the platforms' help pages
 * named in platforms.ts `source` (2026-11); menus move, so re-check with those values.
 */
export const UPLOAD_STEPS: Record<PlatformId, readonly string[]> = {
  'instagram-reels': [
    'Open Instagram and tap + at the bottom, then choose Reel.',
    'Pick the kit video for Instagram Reels from your gallery and tap Next.',
    'Tap Edit cover and choose the kit thumbnail from your camera roll.',
    'Paste the caption and hashtags from the kit into Write a caption.',
    'Tap Share.',
  ],
  'instagram-feed': [
    'Open Instagram and tap + at the bottom, then choose Post.',
    'Pick the 4:5 kit video and make sure the preview is not cropped (tap the expand icon if it is).',
    'Tap Next, then choose the kit thumbnail as the cover.',
    'Paste the caption and hashtags from the kit.',
    'Tap Share.',
  ],
  'instagram-story': [
    'Open Instagram and swipe right from the feed, or tap + and choose Story.',
    'Pick the kit video for Instagram Story from your gallery.',
    'Optionally add the kit hashtags with the hashtag sticker, kept out of the top and bottom edges.',
    'Tap Your story to post it.',
  ],
  tiktok: [
    'Open TikTok and tap + at the bottom, then tap Upload.',
    'Pick the kit video for TikTok and tap Next.',
    'Tap Edit cover and choose the frame that matches the kit thumbnail.',
    'Paste the description and hashtags from the kit.',
    'Tap Post.',
  ],
  'youtube-shorts': [
    'Open the YouTube app, tap + and choose Upload a video (or use YouTube Studio on the web).',
    'Pick the kit video for YouTube Shorts; vertical videos under 3 minutes become Shorts.',
    'Paste the title from the kit into the title field.',
    'Paste the description and hashtags from the kit into the description.',
    'Set the audience (made for kids or not) and visibility, then tap Upload.',
  ],
  youtube: [
    'Open YouTube Studio in a browser and click Create, then Upload videos.',
    'Select the kit video for YouTube (16:9).',
    'Paste the title and description from the kit.',
    'Under Thumbnail, click Upload file and choose the kit thumbnail.',
    'Under Subtitles, upload the kit .srt file.',
    'Set the audience and visibility, then click Publish.',
  ],
  linkedin: [
    'On LinkedIn, click Start a post, then the media (photo/video) icon.',
    'Select the kit video for LinkedIn and click Next.',
    'Add the kit .srt file as captions (Edit video, then Select caption).',
    'Paste the post text and hashtags from the kit.',
    'Click Post.',
  ],
  x: [
    'On X, click Post (or the + button in the app).',
    'Click the media icon and select the kit video for X.',
    'Paste the post text from the kit; the counter must stay within the limit.',
    'Click Post.',
  ],
  'facebook-reels': ['Open Facebook, tap Reel (or Create, then Reel).', 'Pick the kit video for Facebook Reels and tap Next.', 'Paste the description and hashtags from the kit.', 'Tap Share now.'],
  'whatsapp-status': [
    'Send the kit video for WhatsApp Status to your phone (it is small enough for any chat or cable).',
    'Open WhatsApp, go to Updates and tap the camera icon next to My status.',
    'Pick the kit video from your gallery.',
    'Paste the caption from the kit and tap Send.',
  ],
};

export function uploadStepsFor(id: PlatformId | string): readonly string[] {
  return UPLOAD_STEPS[platformSpec(id).id];
}
