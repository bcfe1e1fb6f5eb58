import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { platformSpec } from '../../../src-shared/platforms.js';
import { fixture, tempDir } from '../../../tests/support/fixtures.js';
import { frameAt } from '../../../tests/support/media.js';
import { withFaceSession } from '../face/face-session.js';
import { renderProject } from '../pipeline/render-project.js';
import { writeRenditions } from './renditions.js';

const work = tempDir('tp-renditions-');
afterAll(() => work.cleanup());

describe('renditions from one master render', () => {
  it('writes each platform at its size, passing its checks, with the face in frame and no black bars', async () => {
    const masterDir = path.join(work.dir, 'master');
    const report = await renderProject({
      photoPath: fixture('portrait-obama.jpg'),
      script: 'One render, three platforms.',
      outDir: masterDir,
      width: 360,
      height: 640,
      verify: false,
    });
    const platforms = [platformSpec('tiktok'), platformSpec('youtube'), platformSpec('linkedin')];
    const renditions = await writeRenditions({
      master: path.join(masterDir, 'video.mp4'),
      masterSize: { width: 360, height: 640 },
      face: report.face.boxInVideo,
      platforms,
      outDir: path.join(work.dir, 'kit'),
      workDir: path.join(work.dir, 'work'),
      fps: 25,
      cues: [],
    });
    expect(renditions.map((r) => r.platform)).toEqual(['tiktok', 'youtube', 'linkedin']);
    expect(renditions.find((r) => r.platform === 'youtube')?.fill).toBe('blur');
    await withFaceSession(async (session) => {
      for (const r of renditions) {
        expect(
          r.checks.filter((c) => !c.ok),
          r.platform,
        ).toEqual([]);
        expect(Math.abs(r.durationS - report.voice.durationS)).toBeLessThan(0.15);
        const rgb = await frameAt(r.file, 10, r.width, r.height);
        const faces = await session.detect({ rgb, width: r.width, height: r.height });
        expect(faces.length, r.platform).toBeGreaterThan(0);
        const face = faces[0]!.box;
        expect(face.x).toBeGreaterThanOrEqual(0);
        expect(face.x + face.width).toBeLessThanOrEqual(r.width);
        // The outermost columns carry picture (blurred fill), not black bars.
        let edge = 0;
        for (let y = 0; y < r.height; y++) edge += rgb[y * r.width * 3 + 1]! + rgb[(y * r.width + r.width - 1) * 3 + 1]!;
        expect(edge / (2 * r.height), r.platform).toBeGreaterThan(20);
      }
    });
  });
});
