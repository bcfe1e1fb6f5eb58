import { describe, expect, it } from 'vitest';
import { PLATFORM_IDS, PlatformIdSchema, allPlatformSpecs, platformSpec, unknownPlatformMessage } from './platforms.js';
import { UPLOAD_STEPS, uploadStepsFor } from './upload-steps.js';

describe('platform specs', () => {
  it('has one spec per id, keyed by its own id', () => {
    expect(allPlatformSpecs().map((s) => s.id)).toEqual([...PLATFORM_IDS]);
    for (const id of PLATFORM_IDS) expect(platformSpec(id).id).toBe(id);
  });

  it.each(PLATFORM_IDS)('%s has consistent data', (id) => {
    const s = platformSpec(id);
    expect(Math.abs(s.width / s.height - s.aspect.w / s.aspect.h) / (s.aspect.w / s.aspect.h)).toBeLessThan(0.01);
    expect(s.width % 2).toBe(0);
    expect(s.height % 2).toBe(0);
    expect(s.fps.min).toBeGreaterThan(0);
    expect(s.fps.max).toBeGreaterThanOrEqual(s.fps.min);
    expect(s.video).toMatchObject({ codec: 'h264', profile: 'high', pixelFormat: 'yuv420p' });
    expect(s.audio.codec).toBe('aac');
    expect([44100, 48000]).toContain(s.audio.sampleRate);
    expect(s.maxDurationS).toBeGreaterThan(0);
    expect(s.maxFileBytes).toBeGreaterThan(0);
    if (s.captionLimit !== null) expect(s.captionLimit).toBeGreaterThan(0);
    if (s.titleLimit !== undefined) expect(s.titleLimit).toBeGreaterThan(0);
    expect(s.hashtags.max).toBeGreaterThanOrEqual(s.hashtags.recommended);
    for (const inset of Object.values(s.safeArea)) {
      expect(inset).toBeGreaterThanOrEqual(0);
      expect(inset).toBeLessThan(50);
    }
    expect(s.checked).toMatch(/^2026-11/);
    expect(s.source).toMatch(/^https:\/\//);
  });

  it('a rendition at the video bitrate for the longest clip fits the size limit', () => {
    for (const s of allPlatformSpecs()) {
      const bytes = ((s.video.bitrateKbps + s.audio.bitrateKbps) * 1000 * s.maxDurationS) / 8;
      expect(bytes, s.id).toBeLessThanOrEqual(s.maxFileBytes);
    }
  });

  it('gives YouTube a 100-character title limit', () => {
    expect(platformSpec('youtube').titleLimit).toBe(100);
    expect(platformSpec('youtube-shorts').titleLimit).toBe(100);
  });

  // Values corrected on 2026-11-25 against the platforms' documentation (see platforms.ts).
  it('keeps the stricter documented limits where the upload route or account changes them', () => {
    // YouTube's Data API counts the description in UTF-8 bytes (5,000; post-text.ts counts bytes for it).
    for (const id of ['youtube', 'youtube-shorts'] as const) expect(platformSpec(id).captionLimit).toBe(5000);
    // TikTok: the Content Posting API takes 2,200 caption units (the app 4,000), and every
    // creator can post 3 minutes (only some 10).
    expect(platformSpec('tiktok').captionLimit).toBe(2200);
    expect(platformSpec('tiktok').maxDurationS).toBe(180);
    // LinkedIn's Videos API takes 500 MB (its help page 5 GB).
    expect(platformSpec('linkedin').maxFileBytes).toBeLessThanOrEqual(500_000_000);
    // X accepts video "between 32x32 and 1280x1024": 1080×1080 was too tall.
    const x = platformSpec('x');
    expect(Math.max(x.width, x.height)).toBeLessThanOrEqual(1280);
    expect(Math.min(x.width, x.height)).toBeLessThanOrEqual(1024);
    expect(x.maxDurationS).toBe(140);
  });

  it('refuses an unknown id with a sentence listing every valid id', () => {
    const message = unknownPlatformMessage('myspace');
    expect(message).toContain('myspace');
    for (const id of PLATFORM_IDS) expect(message).toContain(id);
    expect(() => platformSpec('myspace')).toThrow(message);
    expect(PlatformIdSchema.safeParse('myspace').success).toBe(false);
    expect(PlatformIdSchema.parse('tiktok')).toBe('tiktok');
  });
});

describe('upload steps', () => {
  it.each(PLATFORM_IDS)('%s has 3–7 plain-text steps', (id) => {
    const steps = uploadStepsFor(id);
    expect(steps.length).toBeGreaterThanOrEqual(3);
    expect(steps.length).toBeLessThanOrEqual(7);
    for (const step of steps) expect(step).not.toMatch(/[<>]/);
  });

  it('covers exactly the platform ids', () => {
    expect(Object.keys(UPLOAD_STEPS).sort()).toEqual([...PLATFORM_IDS].sort());
  });
});
