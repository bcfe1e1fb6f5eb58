import { describe, expect, it } from 'vitest';
import { formatDuration, formatEta } from './format.js';

describe('formatEta', () => {
  it('says the time left the way a person would', () => {
    expect(formatEta(40_000)).toBe('about 40 s left');
    expect(formatEta(38_400)).toBe('about 40 s left');
    expect(formatEta(4_000)).toBe('a few seconds left');
    expect(formatEta(0)).toBe('almost done');
    expect(formatEta(150_000)).toBe('about 3 min left');
    expect(formatEta(2 * 3_600_000)).toBe('about 2 h left');
  });
});

describe('formatDuration', () => {
  it('keeps short stages in milliseconds and long ones in minutes', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(3_240)).toBe('3.2 s');
    expect(formatDuration(65_000)).toBe('1 min 5 s');
  });
});
