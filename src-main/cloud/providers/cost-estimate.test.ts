import { describe, expect, it } from 'vitest';
import { estimateInputFor, estimateRoute, expectedSpeechSeconds } from './cost-estimate.js';

describe('route cost estimates', () => {
  it('prices images, seconds, videos and characters from the catalog', () => {
    expect(estimateRoute('gemini-image', 'image_enhancement', {})).toMatchObject({ ok: true, usd: 0.039, unit: 'image', units: 1 });
    expect(estimateRoute('ideogram', 'image_enhancement', { images: 2 })).toMatchObject({ ok: true, usd: 1 });
    expect(estimateRoute('runway', 'video_generation', { videoSeconds: 9.2 })).toMatchObject({ ok: true, usd: 2, units: 10, clipsS: null, requests: 1 });
    expect(estimateRoute('heygen', 'video_generation', { videoSeconds: 40 })).toMatchObject({ ok: true, usd: 3, units: 1 });
    expect(estimateRoute('elevenlabs', 'speech', { characters: 2500 })).toMatchObject({ ok: true, usd: 0.25, unit: '1000 characters', units: 2.5 });
    expect(estimateRoute('local', 'video_generation', { videoSeconds: 60 })).toMatchObject({ ok: true, usd: 0 });
  });

  it('bills Veo for the clips it makes, not the speech alone', () => {
    expect(estimateRoute('veo', 'video_generation', { videoSeconds: 13 })).toEqual({ ok: true, usd: 2.1, unit: 'second', units: 14, clipsS: [8, 6], requests: 2 });
  });

  it('refuses Veo for a video longer than its clips allow', () => {
    const estimate = estimateRoute('veo', 'video_generation', { videoSeconds: 30 });
    expect(estimate).toMatchObject({ ok: false, reason: 'too_long' });
    expect(!estimate.ok && estimate.message).toBe('Veo 3.1 (Gemini API) makes at most 2 clips of up to 8 s, too short for this 30 s video.');
  });

  it('uses the creator price override', () => {
    expect(estimateRoute('veo', 'video_generation', { videoSeconds: 8 }, { unit: 'second', usdPerUnit: 0.4 })).toMatchObject({ usd: 3.2 });
    expect(estimateRoute('heygen', 'video_generation', { videoSeconds: 10 }, { unit: 'second', usdPerUnit: 0.05 })).toMatchObject({ usd: 0.5 });
  });

  it('expects about 150 words a minute, and six characters a second without spaces', () => {
    expect(expectedSpeechSeconds('word '.repeat(25))).toBe(10);
    expect(expectedSpeechSeconds('')).toBe(0);
    expect(expectedSpeechSeconds('今日はとても良い天気ですね。散歩に行きましょう。')).toBe(4);
  });

  it('reads what a request bills off the request', () => {
    expect(estimateInputFor({ capability: 'speech', input: { text: 'héllo 世界', language: 'en', voice: null } })).toEqual({ characters: 8 });
    const video = { photo: Buffer.alloc(1), mime: 'image/jpeg', script: 'Hi', language: 'en', durationS: 13, aspect: '9:16' as const };
    expect(estimateInputFor({ capability: 'video_generation', input: video })).toEqual({ videoSeconds: 13 });
    expect(estimateInputFor({ capability: 'image_enhancement', input: { photo: Buffer.alloc(1), mime: 'image/jpeg', prompt: '' } })).toEqual({ images: 1 });
  });
});
