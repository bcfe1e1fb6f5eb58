import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TalkingPhotoError } from '../../src-shared/errors.js';
import type { RenderRequest } from '../../src-shared/render.js';
import { assetFile, createProject, duplicateProject, getProject, openLibrary, type Library } from '../../src-main/app/library/index.js';
import { defaultMigrationsFolder } from '../../src-main/app/library/open-library.js';
import { probeMedia } from '../../src-main/engine/media/probe.js';
import { renderInChildProcess } from '../../src-main/app/queue/render-process.js';
import { RenderQueue, type RenderRunner } from '../../src-main/app/queue/render-queue.js';
import { fixture } from '../support/fixtures.js';
import { tempLibrary, type TempLibrary } from '../library/library-fixtures.js';

/** A Retry, a Render again and a Duplicate render what the creator asked for, not the defaults. */

let current: TempLibrary | undefined;
afterEach(() => {
  current?.cleanup();
  current = undefined;
});

function newLibrary(): Library {
  current = tempLibrary();
  return current.library;
}

function idle(queue: RenderQueue): Promise<void> {
  return new Promise((resolve) => queue.once('idle', resolve));
}

/** What the Create form sends: every setting away from the engine's defaults. */
const CHOSEN = { width: 360, height: 640, fps: 24, verify: false, burnCaptions: true, coverTitle: true, trim: true, motion: { headMotion: 0, mood: 'warm' as const } };

describe('rendering a project again', () => {
  it('renders a Retry that names only the project at the size, captions and motion of its failed render', async () => {
    const library = newLibrary();
    const seen: RenderRequest[] = [];
    let calls = 0;
    // The first render fails for good (as a crash or a full disk would); the Retry renders for real.
    const run: RenderRunner = (request, hooks) => {
      seen.push(request);
      calls++;
      if (calls === 1) return Promise.reject(new TalkingPhotoError('DISK_FULL', 'The disk is full.'));
      return renderInChildProcess(request, hooks);
    };
    const queue = new RenderQueue({ library, run });
    const p = await createProject(library, { type: 'product_demo', title: 'Trail shoe', photoPath: fixture('portrait-obama.jpg'), script: 'Meet the trail shoe.', platforms: ['tiktok'] });
    queue.enqueue(p.id, { ...CHOSEN, tier: 'free', watermark: false });
    let done = idle(queue);
    await queue.start();
    await done;
    expect(getProject(library, p.id).status).toBe('failed');

    // Retry on the Library or Result screen: `jobs:enqueue` with the project alone, the plan's watermark added by main.
    done = idle(queue);
    queue.enqueue(p.id, { tier: 'free', watermark: false });
    await done;
    await queue.stop();

    expect(seen).toHaveLength(2);
    expect(seen[1]).toMatchObject(CHOSEN);
    const stored = getProject(library, p.id);
    expect(stored.status, JSON.stringify(stored.error)).toBe('completed');
    const video = (await probeMedia(assetFile(library, stored.video!))).streams.find((s) => s.width !== undefined)!;
    expect([video.width, video.height]).toEqual([360, 640]);
    const manifest = stored.kit!.manifest as { renditions: Array<{ burnedCaptions: boolean }> };
    expect(manifest.renditions.length).toBeGreaterThan(0);
    expect(manifest.renditions.every((r) => r.burnedCaptions)).toBe(true);
    expect(stored.renderSettings).toEqual(CHOSEN);
  }, 240_000);

  it('keeps each setting the creator chose while a new render changes only the ones it names', async () => {
    const library = newLibrary();
    const seen: RenderRequest[] = [];
    const run: RenderRunner = (request) => {
      seen.push(request);
      return Promise.reject(new TalkingPhotoError('NO_FACE', 'No face was found.'));
    };
    const queue = new RenderQueue({ library, run });
    const p = await createProject(library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: 'Hello.' });
    queue.enqueue(p.id, { ...CHOSEN, watermark: true });
    let done = idle(queue);
    await queue.start();
    await done;
    done = idle(queue);
    queue.enqueue(p.id, { burnCaptions: false, motion: { blinkRate: 30 }, watermark: false });
    await done;
    await queue.stop();
    expect(seen[1]).toMatchObject({ ...CHOSEN, burnCaptions: false, motion: { blinkRate: 30 }, watermark: false });
    // The plan's watermark is the plan's at each render, never a setting the project keeps.
    expect(getProject(library, p.id).renderSettings).not.toHaveProperty('watermark');
  });

  it('renders a duplicate with its original’s size, captions and motion', async () => {
    const library = newLibrary();
    const seen = new Map<string, RenderRequest>();
    const run: RenderRunner = (request) => {
      seen.set(request.projectId!, request);
      return Promise.reject(new TalkingPhotoError('NO_FACE', 'No face was found.'));
    };
    const queue = new RenderQueue({ library, run });
    const original = await createProject(library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: 'Hello.' });
    queue.enqueue(original.id, CHOSEN);
    let done = idle(queue);
    await queue.start();
    await done;
    const copy = duplicateProject(library, original.id);
    expect(copy.renderSettings).toEqual(CHOSEN);
    // The copy's first render, from the Library card: only the project is named.
    done = idle(queue);
    queue.enqueue(copy.id);
    await done;
    await queue.stop();
    expect(seen.get(copy.id)).toMatchObject(CHOSEN);
  });

  it('carries a library’s rendered projects’ settings over from their last job when the library is upgraded', async () => {
    const library = newLibrary();
    const p = await createProject(library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: 'Hello.' });
    // A library from before render settings were kept: the job holds them, the project none.
    library.sqlite
      .prepare("INSERT INTO jobs (id, project_id, state, priority, request, attempts, max_attempts, next_run_at, created_at, updated_at) VALUES ('j1', ?, 'failed', 0, ?, 1, 4, 0, 0, 0)")
      .run(p.id, JSON.stringify({ ...CHOSEN, watermark: true }));
    const journal = JSON.parse(readFileSync(path.join(defaultMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string; when: number }> };
    const added = journal.entries.find((e) => e.tag === '0005_project_render_settings')!.when;
    library.sqlite.prepare('DELETE FROM __drizzle_migrations WHERE created_at >= ?').run(added);
    library.sqlite.exec('ALTER TABLE projects DROP COLUMN render_settings');
    const { dataDir } = current!;
    library.close();
    current!.library = openLibrary({ dataDir });
    expect(getProject(current!.library, p.id).renderSettings).toEqual(CHOSEN);
  });
});
