import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getProject, listProjects, openLibrary } from '../../src-main/app/library/index.js';
import { probeMedia } from '../../src-main/engine/media/probe.js';
import { runCli } from '../support/cli.js';
import { fixture, tempDir } from '../support/fixtures.js';

const work = tempDir('tp-batch-');
afterAll(() => work.cleanup());

describe('tp batch FILE.csv', () => {
  it('renders every good row, reports each bad row with its reason, and keeps going', async () => {
    const csv = path.join(work.dir, 'week.csv');
    writeFileSync(
      csv,
      [
        'photo,script,audio,language,platforms,title',
        `${fixture('portrait-obama.jpg')},"Monday: hello, everyone.",,en,tiktok;youtube-shorts,Monday`,
        `missing.jpg,"Tuesday is lost.",,en,,Tuesday`,
        `${fixture('portrait-biden-tall.jpg')},,,en,,Wednesday`,
        `${fixture('rgba-speaker.png')},"Hola a todos.",,es,,Thursday`,
        `${fixture('portrait-obama.jpg')},"Friday fun.",,en,myspace,Friday`,
      ].join('\n'),
    );
    const dataDir = path.join(work.dir, 'data');
    const out = path.join(work.dir, 'videos');
    const result = await runCli(['batch', csv, '--out', out, '--size', '256x448', '--no-verify'], { env: { TALKINGPHOTO_DATA_DIR: dataDir } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/about \d+s left|\[\d\/2\]/);

    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as Array<{ row: number; status: string; reason?: string; video?: string }>;
    expect(summary.map((r) => [r.row, r.status])).toEqual([
      [2, 'completed'],
      [3, 'failed'],
      [4, 'failed'],
      [5, 'completed'],
      [6, 'failed'],
    ]);
    // An unknown platform names the valid ones.
    expect(summary[4]!.reason).toMatch(/platforms.*tiktok/);
    expect(summary[1]!.reason).toMatch(/could not be found/);
    expect(summary[2]!.reason).toMatch(/script or an audio/);
    for (const row of summary.filter((r) => r.status === 'completed')) {
      expect(existsSync(row.video!)).toBe(true);
      const probe = await probeMedia(row.video!);
      expect(probe.streams.map((s) => s.codecName).sort()).toEqual(['aac', 'h264']);
    }
    expect(readFileSync(path.join(out, 'summary.csv'), 'utf8').split('\n')[0]).toBe('row,title,status,reason,video');

    const library = openLibrary({ dataDir });
    try {
      const page = listProjects(library, {});
      expect(page.items.map((p) => [p.title, p.status]).sort()).toEqual([
        ['Monday', 'completed'],
        ['Thursday', 'completed'],
      ]);
    } finally {
      library.close();
    }
  });

  it('counts against the plan like the app: on the free plan a fourth video this month is refused with the reason, and nothing renders', async () => {
    const dataDir = path.join(work.dir, 'data-plan');
    const library = openLibrary({ dataDir, startFresh: true });
    try {
      // Three videos already made this month (their projects since deleted: the work was still done).
      for (let i = 0; i < 3; i++) library.sqlite.prepare("INSERT INTO usage_events (kind, cost_usd, created_at) VALUES ('project_created', 0, ?)").run(Date.now());
    } finally {
      library.close();
    }
    const csv = path.join(work.dir, 'fourth.csv');
    writeFileSync(csv, ['photo,script,title', `${fixture('portrait-obama.jpg')},"One more for the road.",Fourth`].join('\n'));
    const result = await runCli(['batch', csv, '--out', path.join(work.dir, 'fourth'), '--size', '256x448', '--no-verify', '--json'], { env: { TALKINGPHOTO_DATA_DIR: dataDir } });
    expect(result.code).toBe(2);
    const rows = JSON.parse(result.stdout) as Array<{ status: string; reason?: string }>;
    expect(rows).toEqual([expect.objectContaining({ status: 'failed', reason: expect.stringMatching(/free plan's 3 videos for this month are made: upgrade in Settings, Account/) })]);
    const after = openLibrary({ dataDir });
    try {
      expect(listProjects(after, {}).total).toBe(0);
    } finally {
      after.close();
    }
  });

  it('renders each row with its own motion columns over the flags, and refuses a bad motion value naming the row and column', { timeout: 180_000 }, async () => {
    const dataDir = path.join(work.dir, 'data-motion');
    const csv = path.join(work.dir, 'motion.csv');
    writeFileSync(
      csv,
      [
        'photo,script,title,head_motion,blink_rate,mood',
        `${fixture('portrait-obama.jpg')},"Still head, warm face.",Still,0,,warm`,
        `${fixture('portrait-obama.jpg')},"This row is wrong.",Wrong,3,,`,
      ].join('\n'),
    );
    const result = await runCli(['batch', csv, '--out', path.join(work.dir, 'motion'), '--size', '256x448', '--fps', '12', '--no-verify', '--blink-rate', '30', '--head-motion', '2', '--json'], {
      env: { TALKINGPHOTO_DATA_DIR: dataDir },
    });
    expect(result.code).toBe(2);
    const rows = JSON.parse(result.stdout) as Array<{ row: number; status: string; reason?: string }>;
    expect(rows).toEqual([
      expect.objectContaining({ row: 2, status: 'completed' }),
      { row: 3, title: 'Wrong', status: 'failed', reason: 'Row 3, column head_motion: "3" is not a number from 0 (still head) to 2 (lively), 1 being natural.' },
    ]);
    const library = openLibrary({ dataDir });
    try {
      const [still] = listProjects(library, {}).items;
      // The row's head_motion and mood win; the flag's blink rate fills the empty cell.
      expect(getProject(library, still!.id).renderReport?.motion).toMatchObject({ headMotion: 0, blinkRate: 30, mood: 'warm', expressiveness: 1 });
    } finally {
      library.close();
    }
  });

  it('waits its turn while the app has the library: one sentence, exit 2, and nothing added or swept', async () => {
    const dataDir = path.join(work.dir, 'data-in-use');
    const app = openLibrary({ dataDir, startFresh: true, holder: 'app' });
    try {
      const rendering = path.join(app.paths.tmp, 'render-the-apps-job', 'video.mp4');
      mkdirSync(path.dirname(rendering), { recursive: true });
      writeFileSync(rendering, 'half a video');
      const csv = path.join(work.dir, 'while-open.csv');
      writeFileSync(csv, ['photo,script,title', `${fixture('portrait-obama.jpg')},"Not now.",Later`].join('\n'));
      const result = await runCli(['batch', csv, '--out', path.join(work.dir, 'later'), '--no-verify'], { env: { TALKINGPHOTO_DATA_DIR: dataDir } });
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toBe(`The project library in ${dataDir} is open in the TalkingPhoto app, process ${process.pid}: close it first, then try again.`);
      expect(listProjects(app, {}).total).toBe(0);
      expect(existsSync(rendering)).toBe(true);
    } finally {
      app.close();
    }
  });
});
