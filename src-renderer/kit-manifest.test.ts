import { describe, expect, it } from 'vitest';
import { checksInOrder, downloadName, readKit } from './kit-manifest.js';
import { kitFileRef, kitManifest, projectMedia } from './testing/kit-fixtures.js';

const sharedKit = (manifest: Record<string, unknown>, extraFiles: string[] = []) => projectMedia({ manifest, extraFiles }).kit!;

describe('reading an export kit manifest', () => {
  it('resolves every path the manifest names to the file main shared under that name', () => {
    const kit = readKit(sharedKit(kitManifest()));
    expect(kit.unreadable).toBe(0);
    expect(kit.renditions.map((rendition) => rendition.platform)).toEqual(['tiktok', 'linkedin']);
    const [tiktok] = kit.renditions;
    expect(tiktok!.video).toEqual({ name: 'video/tiktok.mp4', file: kitFileRef('video/tiktok.mp4') });
    expect(tiktok!.captions.vtt?.file).toEqual(kitFileRef('captions/captions.vtt'));
    expect(tiktok!.trimmedToS).toBeNull();
    expect(kit.guides[0]!.file?.file).toEqual(kitFileRef('guides/heygen-product-demo.md'));
  });

  it('never turns a path main did not share into a file, however it is written', () => {
    const manifest = kitManifest();
    const [tiktok] = manifest.renditions as Record<string, unknown>[];
    tiktok!.thumbnail = '../../etc/passwd';
    tiktok!.postText = 'https://example.com/post.txt';
    const kit = readKit(sharedKit(manifest));
    expect(kit.renditions[0]!.cover).toBeNull();
    expect(kit.renditions[0]!.postText).toBeNull();
  });

  it('leaves out and counts entries that do not read, keeping the rest', () => {
    const manifest = kitManifest();
    const renditions = manifest.renditions as unknown[];
    renditions.push({ platform: 'x', width: -1 }, 'nonsense', { ...(renditions[0] as object), checks: [{ name: 'size', ok: 'yes' }] });
    manifest.guides = [...(manifest.guides as unknown[]), { id: 'runway', tool: 'Runway' }];
    const kit = readKit(sharedKit(manifest));
    expect(kit.renditions).toHaveLength(2);
    expect(kit.guides).toHaveLength(1);
    expect(kit.unreadable).toBe(4);
  });

  it('counts missing lists as unreadable and shows nothing from them', () => {
    const kit = readKit(sharedKit({ version: 2 }));
    expect(kit).toMatchObject({ renditions: [], guides: [], unreadable: 2 });
    expect(kit.files.length).toBeGreaterThan(0);
  });

  it('puts failed checks first and names downloads by their place in the kit', () => {
    const checks = [
      { name: 'a', ok: true, detail: '' },
      { name: 'b', ok: false, detail: '' },
      { name: 'c', ok: true, detail: '' },
      { name: 'd', ok: false, detail: '' },
    ];
    expect(checksInOrder(checks).map((check) => check.name)).toEqual(['b', 'd', 'a', 'c']);
    expect(downloadName('post-text/tiktok-upload-steps.txt')).toBe('post-text-tiktok-upload-steps.txt');
  });
});
