import { describe, expect, it } from 'vitest';
import { derivedRelativePath, isDerivedOf } from './assets.js';

const HASH = 'ab'.padEnd(64, 'c');
const OTHER = 'cd'.padEnd(64, 'e');

describe('which files in derived/ belong to an asset', () => {
  it("keeps the thumbnail, the preview, thumbnails cut around the face and a video's poster", () => {
    const folder = derivedRelativePath(HASH, 'thumbnail').replace(/\/[^/]+$/, '');
    expect(isDerivedOf(HASH, derivedRelativePath(HASH, 'thumbnail'))).toBe(true);
    expect(isDerivedOf(HASH, derivedRelativePath(HASH, 'preview'))).toBe(true);
    expect(isDerivedOf(HASH, `${folder}/${HASH}.thumbnail.120-40-600.jpg`)).toBe(true);
    // A video's first frame (video-poster.ts) is kept and removed with the video like a thumbnail.
    expect(isDerivedOf(HASH, derivedRelativePath(HASH, 'poster'))).toBe(true);
  });

  it('treats anything else as stray: other names, other folders, other hashes', () => {
    const folder = derivedRelativePath(HASH, 'thumbnail').replace(/\/[^/]+$/, '');
    expect(isDerivedOf(HASH, `${folder}/${HASH}.thumbnail.jpg.tmp`)).toBe(false);
    expect(isDerivedOf(HASH, `${folder}/${HASH}.cover.jpg`)).toBe(false);
    expect(isDerivedOf(HASH, `derived/zz/zz/${HASH}.thumbnail.jpg`)).toBe(false);
    expect(isDerivedOf(HASH, derivedRelativePath(OTHER, 'thumbnail'))).toBe(false);
  });
});
