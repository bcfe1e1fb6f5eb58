import { describe, expect, it } from 'vitest';
import { formatRoughDuration } from './rough-duration.js';

describe('a rough duration', () => {
  it('rounds the way a person says it', () => {
    expect(formatRoughDuration(4000)).toBe('a few seconds');
    expect(formatRoughDuration(23_000)).toBe('about 25 s');
    expect(formatRoughDuration(150_000)).toBe('about 3 min');
  });
});
