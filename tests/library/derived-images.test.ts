import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFaceSession } from '../../src-main/engine/face/face-session.js';
import { faceCropWindow, projectThumbnail } from '../../src-main/app/library/derived-images.js';
import { assetFile, createProject, deleteProject, getProject, importAsset, importRender, previewFor, projectImage, thumbnailFor, type Library } from '../../src-main/app/library/index.js';
import { fixture } from '../support/fixtures.js';
import { makeWav } from '../support/media.js';
import { makeRenderOutput, tempLibrary, type TempLibrary } from './library-fixtures.js';

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

type Box = { x: number; y: number; width: number; height: number };

async function rgbOf(file: string): Promise<{ rgb: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { rgb: data, width: info.width, height: info.height };
}

/**
 * Renders `project` for the test: the enhanced photo is the stored photo upscaled by
 * `scale` (as the enhancer does for small photos) and the report carries the face box in
 * intake-photo pixels, as renderProject writes it.
 */
async function fakeRender(library: Library, projectId: string, box: Box | undefined, scale: number, dir: string): Promise<void> {
  const p = getProject(library, projectId);
  const photoFile = assetFile(library, p.photo);
  const meta = await sharp(photoFile).metadata();
  const out = await makeRenderOutput(dir, { photo: photoFile });
  await sharp(photoFile)
    .resize(Math.round(meta.width! * scale), Math.round(meta.height! * scale))
    .jpeg()
    .toFile(path.join(out, 'enhanced.jpg'));
  const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Record<string, unknown>;
  report.input = { photo: { name: 'photo.jpg', format: 'jpeg', bytes: 1, width: meta.width, height: meta.height, downscaled: false } };
  if (box) report.face = { box, boxInVideo: box, confidence: 0.9, facesFound: 1, others: [] };
  writeFileSync(path.join(out, 'report.json'), JSON.stringify(report));
  await importRender(library, projectId, out);
}

describe('face-aware thumbnails', () => {
  it('puts the face of a full-length portrait on the card, from the enhanced photo once rendered', async () => {
    const p = await createProject(t.library, { type: 'educational', photoPath: fixture('portrait-biden-tall.jpg'), script: 'Hello.' });
    const photoFile = assetFile(t.library, p.photo);
    const photo = await rgbOf(photoFile);
    const box = await withFaceSession(async (session) => (await session.detect(photo))[0]?.box);
    expect(box).toBeDefined();

    // Before a render nothing knows the face: the centre crop, as before.
    const plain = await projectImage(t.library, p.id);
    expect(path.basename(plain.path)).toBe(`${p.photo.hash}.thumbnail.jpg`);

    await fakeRender(t.library, p.id, box, 1.5, path.join(t.scratch, 'render'));
    const rendered = getProject(t.library, p.id);
    const thumb = await projectImage(t.library, p.id);
    expect([thumb.width, thumb.height]).toEqual([300, 300]);
    // Made from the enhanced photo, named by its hash and the crop window.
    expect(path.basename(thumb.path).startsWith(`${rendered.enhancedPhoto!.hash}.thumbnail.`)).toBe(true);
    expect(thumb.path).not.toBe(plain.path);

    // The window (in enhanced pixels) holds the whole face box and puts the eyes near 40%.
    const scaled = { x: box!.x * 1.5, y: box!.y * 1.5, width: box!.width * 1.5, height: box!.height * 1.5 };
    const enhanced = await sharp(assetFile(t.library, rendered.enhancedPhoto!)).metadata();
    const crop = faceCropWindow(scaled, enhanced.width!, enhanced.height!);
    expect(path.basename(thumb.path)).toBe(`${rendered.enhancedPhoto!.hash}.thumbnail.${crop.left}-${crop.top}-${crop.size}.jpg`);
    expect(crop.left).toBeLessThanOrEqual(scaled.x);
    expect(crop.top).toBeLessThanOrEqual(scaled.y);
    expect(crop.left + crop.size).toBeGreaterThanOrEqual(scaled.x + scaled.width);
    expect(crop.top + crop.size).toBeGreaterThanOrEqual(scaled.y + scaled.height);
    expect(crop.left + crop.size).toBeLessThanOrEqual(enhanced.width!);
    expect(crop.top + crop.size).toBeLessThanOrEqual(enhanced.height!);

    // And the face detector finds a large face on the card itself.
    const card = await rgbOf(onDisk(thumb.path));
    const faces = await withFaceSession((session) => session.detect(card));
    expect(faces.length).toBeGreaterThan(0);
    expect(faces[0]!.box.height).toBeGreaterThan(300 / 3);
    // The centre crop of the tall photo, by comparison, is where the face is not.
    const centre = await withFaceSession(async (session) => session.detect(await rgbOf(onDisk(plain.path))));
    expect(centre.every((f) => f.box.height < faces[0]!.box.height)).toBe(true);
  });

  it('reuses the face thumbnail on later calls, and makes a new one for a new enhanced photo', async () => {
    const p = await createProject(t.library, { type: 'educational', photoPath: fixture('portrait-biden-tall.jpg'), script: 'Hi.' });
    const meta = await sharp(assetFile(t.library, p.photo)).metadata();
    const box = { x: meta.width! * 0.4, y: meta.height! * 0.1, width: meta.width! * 0.2, height: meta.width! * 0.2 };
    await fakeRender(t.library, p.id, box, 1, path.join(t.scratch, 'r1'));
    const first = await projectImage(t.library, p.id);
    const before = statSync(onDisk(first.path)).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const [second, third] = await Promise.all([projectImage(t.library, p.id), projectThumbnail(t.library, getProject(t.library, p.id))]);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(statSync(onDisk(first.path)).mtimeMs).toBe(before);

    // A re-render writes a different enhanced photo: a different card.
    await fakeRender(t.library, p.id, box, 1.25, path.join(t.scratch, 'r2'));
    const again = await projectImage(t.library, p.id);
    expect(again.path).not.toBe(first.path);
    expect(path.basename(again.path).startsWith(`${getProject(t.library, p.id).enhancedPhoto!.hash}.thumbnail.`)).toBe(true);
  });

  it('falls back to the centre of the enhanced photo when the render found no face', async () => {
    const p = await createProject(t.library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: 'Hi.' });
    await fakeRender(t.library, p.id, undefined, 1, path.join(t.scratch, 'r'));
    const thumb = await projectImage(t.library, p.id);
    expect(path.basename(thumb.path)).toBe(`${getProject(t.library, p.id).enhancedPhoto!.hash}.thumbnail.jpg`);
    expect([thumb.width, thumb.height]).toEqual([300, 300]);
  });

  it('keeps the window inside the picture when the face is at an edge', () => {
    expect(faceCropWindow({ x: 0, y: 0, width: 100, height: 100 }, 1000, 2000)).toEqual({ left: 0, top: 0, size: 240 });
    expect(faceCropWindow({ x: 950, y: 1950, width: 50, height: 50 }, 1000, 2000)).toEqual({ left: 880, top: 1880, size: 120 });
    // Never larger than the short side.
    expect(faceCropWindow({ x: 0, y: 0, width: 900, height: 900 }, 1000, 2000).size).toBe(1000);
  });
});
