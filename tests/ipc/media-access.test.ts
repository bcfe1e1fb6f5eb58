import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseByteRange } from '../../src-main/app/media-access/byte-range.js';
import { MediaFolders } from '../../src-main/app/media-access/media-access.js';
import { resolveInside } from '../../src-main/app/media-access/safe-path.js';
import { tempDir } from '../support/fixtures.js';

const work = tempDir('tp-media-access-');
const shared = path.join(work.dir, 'shared');
const outside = path.join(work.dir, 'outside');
const media = new MediaFolders();
let root = '';

beforeAll(async () => {
  mkdirSync(path.join(shared, 'clips'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(path.join(shared, 'video.mp4'), 'video bytes');
  writeFileSync(path.join(shared, 'clips', 'a b.mp4'), 'clip bytes');
  writeFileSync(path.join(outside, 'secret.txt'), 'not yours');
  symlinkSync(path.join(outside, 'secret.txt'), path.join(shared, 'escape.mp4'));
  symlinkSync(outside, path.join(shared, 'escape-dir'));
  symlinkSync(path.join(shared, 'video.mp4'), path.join(shared, 'alias.mp4'));
  root = await media.allow(shared);
});
afterAll(() => work.cleanup());

describe('media access', () => {
  it('serves a file inside an allowed folder, percent-encoded names included', async () => {
    expect(await media.lookup(`${root}/video.mp4`)).toMatchObject({ ok: true, file: path.join(shared, 'video.mp4'), size: 11 });
    expect(await media.lookup(`${root}/clips/a%20b.mp4`)).toMatchObject({ ok: true, size: 10 });
    // A symlink that stays inside the folder is fine.
    expect(await media.lookup(`${root}/alias.mp4`)).toMatchObject({ ok: true, file: path.join(shared, 'video.mp4') });
  });

  it('refuses `..` segments, plain or percent-encoded in any case, and encoded separators', async () => {
    for (const attempt of [
      '../outside/secret.txt',
      'clips/../../outside/secret.txt',
      '%2e%2e/outside/secret.txt',
      '%2E%2E/outside/secret.txt',
      '.%2e/outside/secret.txt',
      'clips/%2e%2e%2f%2e%2e%2foutside%2fsecret.txt',
      '..%5c..%5coutside%5csecret.txt',
      '..\\outside\\secret.txt',
      './video.mp4',
      'clips//a%20b.mp4',
    ]) {
      const found = await media.lookup(`${root}/${attempt}`);
      expect(found, attempt).toMatchObject({ ok: false, status: 403 });
    }
  });

  it('refuses absolute paths (POSIX, Windows drive, UNC) and NUL bytes', async () => {
    for (const attempt of ['/etc/passwd', '%2fetc%2fpasswd', 'C:%5cWindows%5cwin.ini', 'C:/Windows/win.ini', '//server/share/x', 'video.mp4%00.jpg']) {
      const found = await media.lookup(`${root}/${attempt}`);
      expect(found, attempt).toMatchObject({ ok: false });
      expect(found.ok ? 200 : found.status, attempt).toBe(403);
    }
    // Directly, without a folder id, an absolute path is still refused.
    expect(await resolveInside(shared, '/etc/passwd')).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses a symlink that points outside the folder (realpath check)', async () => {
    expect(await media.lookup(`${root}/escape.mp4`)).toMatchObject({ ok: false, status: 403 });
    expect(await media.lookup(`${root}/escape-dir/secret.txt`)).toMatchObject({ ok: false, status: 403 });
  });

  it('answers 404 for unknown folder ids, missing files, folders and malformed encoding', async () => {
    expect(await media.lookup('AAAAAAAAAAAAAAAA/video.mp4')).toMatchObject({ ok: false, status: 404 });
    expect(await media.lookup(`${root}/missing.mp4`)).toMatchObject({ ok: false, status: 404 });
    expect(await media.lookup(`${root}/clips`)).toMatchObject({ ok: false, status: 404 });
    expect(await media.lookup(`${root}/%E0%A4%A.mp4`)).toMatchObject({ ok: false, status: 400 });
    expect(await media.lookup('%2e%2e/video.mp4')).toMatchObject({ ok: false, status: 403 });
  });

  it('shares only the listed files of a folder allowed with `only`', async () => {
    const narrow = new MediaFolders();
    const id = await narrow.allow(shared, { only: ['video.mp4'] });
    expect(await narrow.lookup(`${id}/video.mp4`)).toMatchObject({ ok: true });
    expect(await narrow.lookup(`${id}/clips/a%20b.mp4`)).toMatchObject({ ok: false, status: 404 });
    // The same folder keeps its id; allowing more files widens the list.
    expect(await narrow.allow(shared, { only: ['clips/a b.mp4'] })).toBe(id);
    expect(await narrow.lookup(`${id}/clips/a%20b.mp4`)).toMatchObject({ ok: true });
  });

  it('never resolves any requested path to a file outside the folder (property)', async () => {
    const segment = fc.constantFrom('..', '.', '%2e%2e', '%2E.', 'outside', 'secret.txt', 'video.mp4', 'escape-dir', 'escape.mp4', 'clips', '%2f', '%5c', '', '~');
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 6 }), async (segments) => {
        const found = await media.lookup(`${root}/${segments.join('/')}`);
        if (found.ok) expect(found.file.startsWith(shared + path.sep)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('parses byte ranges the way a <video> asks for them', () => {
    expect(parseByteRange(undefined, 100)).toBeNull();
    expect(parseByteRange('bytes=0-', 100)).toEqual({ start: 0, end: 99 });
    expect(parseByteRange('bytes=10-19', 100)).toEqual({ start: 10, end: 19 });
    expect(parseByteRange('bytes=90-500', 100)).toEqual({ start: 90, end: 99 });
    expect(parseByteRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseByteRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=5-2', 100)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseByteRange('items=0-1', 100)).toBeNull();
  });
});
