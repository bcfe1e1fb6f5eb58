import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderProject } from '../../src-main/engine/pipeline/render-project.js';
import type { VideoVerification } from '../../src-main/engine/verify/video-verify.js';
import { fixture, tempDir } from '../support/fixtures.js';

/**
 * The blink count on the rendered frames counts the blinks the animation drew, on the
 * smallest face (the 240p photo, whose mesh barely sees its lids close): none when it
 * draws none, and each one it plans when it does, while the mouth moves in both.
 */
const SCRIPT =
  'Good morning, everyone. Today I want to show you something simple. ' + 'One photo, a few lines of text, and a voice. That is all it takes. ' + 'Thank you for listening, and see you soon.';

const work = tempDir('tp-blinks-');
afterAll(() => work.cleanup());

async function render(name: string, blinkRate: number) {
  const report = await renderProject({
    photoPath: fixture('low-res-240p.jpg'),
    script: SCRIPT,
    outDir: path.join(work.dir, name),
    width: 432,
    height: 768,
    motion: { expressiveness: 1, headMotion: 1, blinkRate },
  });
  return { video: report.quality.video as VideoVerification, planned: report.motion.blinksPlanned };
}

describe('blinks measured on the rendered frames of a small face', () => {
  it('counts none in a talking video drawn without blinks', async () => {
    const { video, planned } = await render('none', 0);
    expect(planned).toBe(0);
    expect(video.blinks.count).toBe(0);
  });

  it('counts every blink drawn', async () => {
    const { video, planned } = await render('blinking', 16);
    expect(planned).toBeGreaterThanOrEqual(2);
    expect(video.blinks.count).toBe(planned);
  });
});
