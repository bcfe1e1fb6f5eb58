import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToBase64, photoFileOf, readAsBase64 } from './photo-bytes.js';

describe('a photo’s bytes as base64', () => {
  it('encodes a 20 MB photo slice by slice into exactly what one encoding gives, without overflowing the stack', async () => {
    const bytes = randomBytes(20 * 1024 * 1024 + 1);
    expect(await readAsBase64(new Blob([bytes]))).toBe(bytes.toString('base64'));
  });

  it('pads the end correctly whatever the length', () => {
    for (const length of [0, 1, 2, 3, 24_575, 24_576, 24_577]) {
      const bytes = randomBytes(length);
      expect(bytesToBase64(bytes)).toBe(bytes.toString('base64'));
    }
  });

  it('takes the first image among dropped files, else the first file (main decides by its bytes)', () => {
    const text = new File(['a'], 'notes.txt', { type: 'text/plain' });
    const photo = new File(['b'], 'me.heic', { type: 'image/heic' });
    expect(photoFileOf([text, photo])).toBe(photo);
    expect(photoFileOf([text])).toBe(text);
    expect(photoFileOf([])).toBeNull();
    expect(photoFileOf(null)).toBeNull();
  });
});
