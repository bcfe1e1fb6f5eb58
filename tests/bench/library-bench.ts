/**
 * Library case of `npm run bench` (issue 4): 10,000 projects in a fresh data folder, then
 * the first page of the library list and of searches, as the creator sees them while
 * typing. Goal: first page ≤ 50 ms. Each figure is the median of several runs; the max
 * is shown too, since the first run also prepares the statement.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKFLOW_TYPES } from '../../src-shared/limits.js';
import { createProjectRecord, importAsset, listProjects, openLibrary, type Library, type ProjectQuery } from '../../src-main/app/library/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PHOTO = path.join(ROOT, 'resources/samples/portrait.jpg');
const PROJECTS = 10_000;
const RUNS = 15;
const GOAL_MS = 50;

/** Small deterministic PRNG (mulberry32): the same library on every run and machine. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS = [
  'running shoe',
  'trail jacket',
  'espresso machine',
  'yoga mat',
  'budget app',
  'sourdough starter',
  'smart watch',
  'skincare serum',
  'standing desk',
  'camping stove',
  'language course',
  'guitar lesson',
];
const HOOKS = ['Meet the new', 'Why I switched to this', 'Three tips for your', 'Unboxing the', 'Is this the best', 'How we built the', 'A week with the', 'Before you buy a'];
const SENTENCES = [
  'It took us two years and forty prototypes to get here.',
  'Most people get this wrong on the first try, so here is what to watch for.',
  'The difference shows after a week of daily use.',
  'Tap the link below to see every colour and size.',
  'Our customers asked for something lighter, and we listened.',
  'Here is the honest comparison nobody else will show you.',
  'If you only remember one thing from this video, make it this.',
  'Follow for part two, where we test it in the rain.',
];
const FOREIGN = [
  'Hola a todos, hoy os enseño algo nuevo.',
  'Bonjour à tous, voici notre nouveauté.',
  'Hallo zusammen, heute zeige ich euch etwas Neues.',
  '皆さん、こんにちは。今日は新しい商品を紹介します。',
];
const LANGUAGES = ['es', 'fr', 'de', 'ja'] as const;
const PLATFORMS = ['instagram-reels', 'instagram-feed', 'instagram-story', 'tiktok', 'youtube-shorts', 'youtube', 'linkedin', 'x', 'facebook-reels', 'whatsapp-status'];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function fill(library: Library, photoHash: string): number {
  const rand = random(42);
  const now = Date.now();
  const twoYears = 2 * 365 * 24 * 3600 * 1000;
  const t0 = performance.now();
  library.transaction(() => {
    for (let i = 0; i < PROJECTS; i += 1) {
      const subject = pick(rand, SUBJECTS);
      const foreign = rand() < 0.15 ? Math.floor(rand() * FOREIGN.length) : -1;
      const sentences = Array.from({ length: 3 + Math.floor(rand() * 12) }, () => pick(rand, SENTENCES));
      const script = foreign >= 0 ? `${FOREIGN[foreign]} ${sentences.join(' ')}` : `${pick(rand, HOOKS)} ${subject}. ${sentences.join(' ')}`;
      const createdAt = now - Math.floor(rand() * twoYears);
      createProjectRecord(
        library,
        {
          type: pick(rand, WORKFLOW_TYPES),
          title: `${pick(rand, HOOKS)} ${subject} #${i + 1}`,
          script,
          language: foreign >= 0 ? LANGUAGES[foreign]! : 'en',
          targetDurationS: 5 + Math.floor(rand() * 56),
          platforms: PLATFORMS.filter(() => rand() < 0.25),
          photoHash,
        },
        { now: createdAt },
      );
    }
    // A realistic mix of states: most finished, some failed or waiting.
    library.sqlite.exec(`UPDATE projects SET status = CASE WHEN seq % 10 < 7 THEN 'completed' WHEN seq % 10 = 7 THEN 'failed' WHEN seq % 10 = 8 THEN 'pending' ELSE 'cancelled' END`);
  });
  return performance.now() - t0;
}

function time(library: Library, query: ProjectQuery): { median: number; max: number; total: number; items: number } {
  const runs: number[] = [];
  let total = 0;
  let items = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const t0 = performance.now();
    const page = listProjects(library, query);
    runs.push(performance.now() - t0);
    total = page.total;
    items = page.items.length;
  }
  runs.sort((a, b) => a - b);
  return { median: runs[Math.floor(runs.length / 2)]!, max: runs.at(-1)!, total, items };
}

export async function benchLibrary(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-bench-library-'));
  let library = openLibrary({ dataDir: dir });
  try {
    const photo = await importAsset(library, PHOTO);
    const insertMs = fill(library, photo.hash);
    library.close();
    // Opening runs the integrity check over the whole file: the one cost that grows with the library.
    const t0 = performance.now();
    library = openLibrary({ dataDir: dir });
    const openMs = performance.now() - t0;
    const cases: Array<[string, ProjectQuery]> = [
      ['list, newest first', { limit: 50 }],
      ['list, by title', { sort: 'title', limit: 50 }],
      ['search "running shoe"', { search: 'running shoe', limit: 50 }],
      ['search "the" (matches most)', { search: 'the', limit: 50 }],
      ['search a Japanese word (新しい)', { search: '新しい', limit: 50 }],
      ['completed + tiktok + product_demo, by updated', { status: ['completed'], platform: 'tiktok', type: ['product_demo'], sort: 'updated', limit: 50 }],
    ];
    library.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const sizeMb = statSync(path.join(dir, 'library.db')).size / 2 ** 20;
    const lines = [
      `library: ${PROJECTS.toLocaleString('en')} projects inserted in ${(insertMs / 1000).toFixed(2)} s (one transaction), library.db ${sizeMb.toFixed(1)} MB, opened (with quick_check) in ${openMs.toFixed(0)} ms; goal first page ≤ ${GOAL_MS} ms`,
    ];
    for (const [name, query] of cases) {
      const r = time(library, query);
      const verdict = r.median <= GOAL_MS ? 'ok' : 'OVER GOAL';
      lines.push(
        `  ${name.padEnd(48)} ${String(r.items).padStart(2)} of ${r.total.toLocaleString('en').padStart(6)}   median ${r.median.toFixed(2).padStart(6)} ms   max ${r.max.toFixed(2).padStart(6)} ms   ${verdict}`,
      );
    }
    return lines.join('\n');
  } finally {
    library.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
