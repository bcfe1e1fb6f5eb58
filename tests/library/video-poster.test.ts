import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostShell } from '../../src-main/doors/host/host-shell.js';
import type { SenderContext } from '../../src-main/app/ipc/dispatcher.js';
import { silentLog } from '../../src-main/app/log/logger.js';
import { createMainServices, type MainServices } from '../../src-main/app/ipc/main-services.js';
import { createProject, deleteProject, getProject, importRender } from '../../src-main/app/library/index.js';
import { videoPoster } from '../../src-main/app/library/video-poster.js';
import { mediaTools } from '../../src-main/engine/media/ffmpeg.js';
import { runProcess } from '../../src-main/engine/media/run-process.js';
import { fixture } from '../support/fixtures.js';
import { makeRenderOutput, tempLibrary, type TempLibrary } from './library-fixtures.js';

/**
 * The Result screen's `<video poster>`: the rendered video's first frame, read once from
 * the video, kept in derived/, shared through the media route with the video, and removed
 * with it.
 */

const SENDER: SenderContext = { transport: 'in-process', id: 'test', trusted: true };

let t: TempLibrary;
let services: MainServices;
beforeEach(() => {
  t = tempLibrary();
  services = createMainServices({ shell: new HostShell(), appVersion: '0.0.0-test', log: silentLog, library: t.library, home: t.dataDir });
});
afterEach(async () => {
  await services.shutdown();
  t.cleanup();
});

/** A render whose video starts on a red frame and then turns blue: only the first frame is red. */
async function renderedProject(): Promise<string> {
  const project = await createProject(t.library, { type: 'product_demo', photoPath: fixture('portrait-obama.jpg'), script: 'Half price this week.' });
  const out = await makeRenderOutput(path.join(t.scratch, 'render'), { photo: fixture('portrait-obama.jpg') });
  const result = await runProcess(mediaTools().ffmpeg.path, [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'color=c=red:s=96x160:d=0.04:r=25',
    '-f',
    'lavfi',
    '-i',
    'color=c=blue:s=96x160:d=0.4:r=25',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=220:sample_rate=48000:duration=0.44',
    '-filter_complex',
    '[0:v][1:v]concat=n=2:v=1:a=0[v]',
    '-map',
    '[v]',
    '-map',
    '2:a',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-movflags',
    '+faststart',
    '-y',
    path.join(out, 'video.mp4'),
  ]);
  expect(result.code, result.stderr).toBe(0);
  await importRender(t.library, project.id, out);
  return project.id;
}

describe('the video poster', () => {
  it('is the rendered video’s first frame at its own size, shared with the video through the media route', async () => {
    const projectId = await renderedProject();
    const media = await services.dispatcher.call('projects:media', { projectId }, SENDER);
    if (!media.ok) throw new Error(media.error.message);
    const poster = media.value.poster!;
    expect(poster.root).toBe(media.value.video!.root);
    expect(poster.path).toMatch(/^derived\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}\.poster\.jpg$/);

    const file = path.join(t.dataDir, ...poster.path.split('/'));
    expect(existsSync(file)).toBe(true);
    const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([96, 160]);
    // The middle pixel is red (the first frame), not blue (every later one).
    const middle = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
    const [r, g, b] = [data[middle]!, data[middle + 1]!, data[middle + 2]!];
    expect(r).toBeGreaterThan(200);
    expect(b).toBeLessThan(60);
    expect(g).toBeLessThan(60);
  });

  it('is made once and goes when its video goes', async () => {
    const projectId = await renderedProject();
    const video = getProject(t.library, projectId).video!;
    const first = await videoPoster(t.library, video);
    const file = path.join(t.dataDir, ...first.path.split('/'));
    const made = (await sharp(file).metadata()).size;
    expect(await videoPoster(t.library, video)).toEqual(first);
    expect((await sharp(file).metadata()).size).toBe(made);

    await deleteProject(t.library, projectId);
    expect(existsSync(file)).toBe(false);
  });
});
