import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProject, deleteProject, importAsset, previewFor, projectImage, thumbnailFor } from '../../src-main/library/index.js';
import { fixture } from '../support/fixtures.js';
import { makeWav } from '../support/media.js';
import { tempLibrary, type TempLibrary } from './library-fixtures.js';

let t: TempLibrary;
beforeEach(() => {
  t = tempLibrary();
});
afterEach(() => t.cleanup());

const onDisk = (relative: string): string => path.join(t.dataDir, relative);

describe('thumbnails and previews', () => {
  it('makes a 300×300 thumbnail and a preview within 800×600, as JPEGs without metadata', async () => {
    const photo = await importAsset(t.library, fixture('portrait-biden-tall.jpg'));
    const thumb = await thumbnailFor(t.library, photo.hash);
    const preview = await previewFor(t.library, photo.hash);

    const thumbMeta = await sharp(onDisk(thumb.path)).metadata();
    expect([thumbMeta.format, thumbMeta.width, thumbMeta.height]).toEqual(['jpeg', 300, 300]);
    expect(thumbMeta.exif).toBeUndefined();
    const previewMeta = await sharp(onDisk(preview.path)).metadata();
    expect(previewMeta.format).toBe('jpeg');
    // A tall portrait fills the preview's height and keeps its shape.
    expect(previewMeta.height).toBe(600);
    expect(previewMeta.width).toBeLessThan(800);
    expect(preview).toEqual({ path: preview.path, width: previewMeta.width, height: 600 });
  });

  it('makes each file once and reuses it afterwards', async () => {
    const p = await createProject(t.library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: 'Hello.' });
    const first = await projectImage(t.library, p.id, 'thumbnail');
    const before = statSync(onDisk(first.path)).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const [second, third] = await Promise.all([projectImage(t.library, p.id), thumbnailFor(t.library, p.photo.hash)]);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(statSync(onDisk(first.path)).mtimeMs).toBe(before);
  });

  it('never enlarges a small photo’s preview, but fills the thumbnail square', async () => {
    const small = await importAsset(t.library, fixture('low-res-240p.jpg'));
    const source = await sharp(fixture('low-res-240p.jpg')).metadata();
    const preview = await previewFor(t.library, small.hash);
    expect(Math.max(preview.width, preview.height)).toBe(Math.max(source.width!, source.height!));
    const thumb = await thumbnailFor(t.library, small.hash);
    expect([thumb.width, thumb.height]).toEqual([300, 300]);
  });

  it('flattens a transparent PNG onto white', async () => {
    const png = await importAsset(t.library, fixture('rgba-speaker.png'));
    const thumb = await thumbnailFor(t.library, png.hash);
    const meta = await sharp(onDisk(thumb.path)).metadata();
    expect([meta.format, meta.hasAlpha]).toEqual(['jpeg', false]);
  });

  it('goes away with its photo', async () => {
    const p = await createProject(t.library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: 'Bye.' });
    const thumb = await projectImage(t.library, p.id, 'thumbnail');
    const preview = await projectImage(t.library, p.id, 'preview');
    await deleteProject(t.library, p.id);
    expect(existsSync(onDisk(thumb.path))).toBe(false);
    expect(existsSync(onDisk(preview.path))).toBe(false);
  });

  it('refuses to make a thumbnail of a recording', async () => {
    const wav = path.join(t.scratch, 'voice.wav');
    await makeWav(wav, 0.3, 'tone');
    const audio = await importAsset(t.library, wav);
    await expect(thumbnailFor(t.library, audio.hash)).rejects.toMatchObject({ code: 'NOT_AN_IMAGE' });
    await expect(thumbnailFor(t.library, 'f'.repeat(64))).rejects.toMatchObject({ code: 'ASSET_MISSING' });
  });
});
