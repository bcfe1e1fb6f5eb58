import { describe, expect, it } from 'vitest';
import { cacheKey, canonicalJson } from './cache-key.js';

const photo = Buffer.from('photo bytes');

describe('cache key', () => {
  it('is the same for the same bytes and parameters written in any order', () => {
    const a = cacheKey('gemini-image', { photo, mime: 'image/jpeg', prompt: 'brighter' });
    const b = cacheKey('gemini-image', { prompt: 'brighter', mime: 'image/jpeg', photo: Buffer.from('photo bytes'), ignored: undefined });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs for other bytes, another parameter or another provider', () => {
    const base = cacheKey('gemini-image', { photo, prompt: 'brighter' });
    expect(cacheKey('gemini-image', { photo: Buffer.from('photo bytez'), prompt: 'brighter' })).not.toBe(base);
    expect(cacheKey('gemini-image', { photo, prompt: 'darker' })).not.toBe(base);
    expect(cacheKey('ideogram', { photo, prompt: 'brighter' })).not.toBe(base);
  });

  it('refuses values JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
    expect(() => canonicalJson({ at: new Date(0) })).toThrow();
    expect(canonicalJson({ b: [1, undefined], a: null })).toBe('{"a":null,"b":[1,null]}');
  });
});
