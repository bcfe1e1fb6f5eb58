import { describe, expect, it } from 'vitest';
import { PLATFORM_IDS, platformSpec } from '../../../src-shared/platforms.js';
import { WORKFLOW_TYPES } from '../../../src-shared/limits.js';
import { joinPostText, postTextFor, postTextLength } from './post-text.js';

const SHORT = 'Meet the Aurora kettle. It boils water in ninety seconds and keeps it warm for an hour. ' + 'The kettle switches itself off when empty. Order your Aurora kettle today!';
const LONG = (SHORT + ' ').repeat(40).slice(0, 5000);
const JAPANESE = 'こんにちは。新しいケトルをご紹介します。九十秒でお湯が沸きます。今日注文してください。'.repeat(60).slice(0, 5000);

function expectWithinLimits(platform: (typeof PLATFORM_IDS)[number], script: string, language: 'en' | 'ja') {
  const spec = platformSpec(platform);
  const post = postTextFor(platform, { script, workflowType: 'product_demo', language });
  if (spec.captionLimit !== null) {
    expect(postTextLength(platform, joinPostText(post))).toBeLessThanOrEqual(spec.captionLimit);
    expect(post.caption.length).toBeGreaterThan(0);
  } else {
    expect(post.caption).toBe('');
  }
  expect(post.hashtags.length).toBeLessThanOrEqual(spec.hashtags.max);
  if (spec.titleLimit !== undefined) {
    expect(post.title).toBeTruthy();
    expect(postTextLength(platform, post.title ?? '')).toBeLessThanOrEqual(spec.titleLimit);
    expect(postTextLength(platform, post.description ?? '')).toBeLessThanOrEqual(spec.captionLimit ?? 0);
  }
  return post;
}

describe('postTextFor', () => {
  it.each(PLATFORM_IDS)('keeps %s post text within its limits for short, 5000-char and Japanese scripts', (id) => {
    expectWithinLimits(id, SHORT, 'en');
    expectWithinLimits(id, LONG, 'en');
    expectWithinLimits(id, JAPANESE, 'ja');
  });

  it('suggests unique, lowercase, punctuation-free hashtags from the script', () => {
    for (const workflowType of WORKFLOW_TYPES) {
      const { hashtags } = postTextFor('tiktok', { script: SHORT, workflowType, language: 'en' });
      expect(hashtags.length).toBeGreaterThan(0);
      expect(new Set(hashtags).size).toBe(hashtags.length);
      for (const tag of hashtags) expect(tag).toMatch(/^[\p{Ll}\p{Lo}\p{N}]+$/u);
    }
    const { hashtags } = postTextFor('tiktok', { script: SHORT, workflowType: 'product_demo', language: 'en' });
    expect(hashtags).toContain('kettle');
    expect(hashtags).not.toContain('the');
  });

  it('skips stopwords in Spanish, French and German scripts', () => {
    const es = postTextFor('tiktok', { script: 'Esta cafetera hace café. La cafetera es para todos.', workflowType: 'product_demo', language: 'es' });
    expect(es.hashtags[0]).toBe('cafetera');
    const fr = postTextFor('tiktok', { script: 'Cette bouilloire est très rapide. Une bouilloire pour nous.', workflowType: 'product_demo', language: 'fr' });
    expect(fr.hashtags[0]).toBe('bouilloire');
    const de = postTextFor('tiktok', { script: 'Dieser Wasserkocher ist schnell. Der Wasserkocher für alle.', workflowType: 'product_demo', language: 'de' });
    expect(de.hashtags[0]).toBe('wasserkocher');
  });

  it('falls back to workflow-type tags for a Japanese script', () => {
    const post = postTextFor('instagram-reels', { script: JAPANESE, workflowType: 'educational', language: 'ja' });
    expect(post.hashtags.length).toBeGreaterThan(0);
    expect(post.hashtags).toContain('learn');
  });

  it('gives YouTube a title of at most 100 characters and a description', () => {
    const long = postTextFor('youtube', { script: 'word '.repeat(300), workflowType: 'educational', language: 'en' });
    expect(long.title?.length).toBeGreaterThan(0);
    expect(long.title!.length).toBeLessThanOrEqual(100);
    const given = postTextFor('youtube-shorts', { script: SHORT, title: 'Aurora <b>kettle</b> in 90 s', workflowType: 'product_demo', language: 'en' });
    expect(given.title).toBe('Aurora kettle in 90 s');
    expect(given.description).toContain('Aurora kettle');
    expect(postTextFor('tiktok', { script: SHORT, workflowType: 'product_demo', language: 'en' }).title).toBeUndefined();
  });

  it('never emits HTML', () => {
    const post = postTextFor('linkedin', { script: '<p>Hello <script>x</script> world.</p> Second <i>line</i>.', workflowType: 'avatar_presentation', language: 'en' });
    expect(joinPostText(post)).not.toMatch(/[<>]/);
  });

  it('counts CJK characters double on X', () => {
    expect(postTextLength('x', 'ケトル')).toBe(6);
    expect(postTextLength('tiktok', 'ケトル')).toBe(3);
  });

  it('suggests no hashtags for WhatsApp Status', () => {
    expect(postTextFor('whatsapp-status', { script: SHORT, workflowType: 'lifestyle_content', language: 'en' }).hashtags).toEqual([]);
  });
  it('counts a YouTube description in UTF-8 bytes, as YouTube limits it', () => {
    expect(postTextLength('youtube', 'abc')).toBe(3);
    expect(postTextLength('youtube-shorts', '日本語')).toBe(9);
    expect(postTextLength('tiktok', '日本語')).toBe(3);
  });
});
