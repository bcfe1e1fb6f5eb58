import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectRecord, importAsset, listProjects, updateProject, type ProjectQuery, type ProjectSummary } from '../../src-main/app/library/index.js';
import { fixture } from '../support/fixtures.js';
import { tempLibrary, type TempLibrary } from './library-fixtures.js';

/** Twelve projects with known titles, scripts, dates, types, platforms and statuses. */
const DAY = 24 * 60 * 60 * 1000;
const START = new Date(2026, 0, 1, 12, 0, 0).getTime();
const SEEDS = [
  { title: 'Running shoe launch', script: 'Meet the lightest running shoe we have ever made.', type: 'product_demo', platforms: ['tiktok', 'instagram-reels'] },
  { title: 'Crème brûlée at home', script: 'Three ingredients and a blowtorch.', type: 'lifestyle_content', platforms: ['instagram-reels'] },
  { title: 'algebra basics', script: 'Today we solve for x, step by step.', type: 'educational', platforms: ['youtube'] },
  { title: 'Quarterly update', script: 'Revenue grew and churn fell.', type: 'avatar_presentation', platforms: ['linkedin'] },
  { title: 'Trail runners review', script: 'Grip on wet rock, tested for a month.', type: 'product_demo', platforms: ['youtube-shorts'] },
  { title: '東京の旅', script: '東京の天気は晴れです。', type: 'lifestyle_content', platforms: ['tiktok'] },
  { title: 'Morning routine', script: 'Coffee, stretch, then running.', type: 'lifestyle_content', platforms: ['tiktok'] },
  { title: 'Chemistry: acids', script: 'An acid donates a proton; 50% of students forget this.', type: 'educational', platforms: ['youtube'] },
  { title: 'Onboarding welcome', script: 'Welcome to the team.', type: 'avatar_presentation', platforms: ['linkedin', 'x'] },
  { title: 'Sale: 30% off', script: 'This weekend only, every shoe is 30% off.', type: 'product_demo', platforms: ['facebook-reels', 'instagram-story'] },
  { title: 'Zen garden', script: 'Raking sand is a quiet habit.', type: 'lifestyle_content', platforms: [] },
  { title: 'Apple pie', script: 'Grandma’s recipe, finally on video.', type: 'lifestyle_content', platforms: ['whatsapp-status'] },
] as const;

let t: TempLibrary;
const ids = new Map<string, string>();

beforeAll(async () => {
  t = tempLibrary();
  const photo = await importAsset(t.library, fixture('portrait-obama.jpg'));
  t.library.transaction(() => {
    SEEDS.forEach((seed, i) => {
      const id = createProjectRecord(t.library, { ...seed, platforms: [...seed.platforms], photoHash: photo.hash }, { now: START + i * DAY });
      ids.set(seed.title, id);
    });
  });
  // Touched later in a different order, so "updated" differs from "created".
  updateProject(t.library, ids.get('Zen garden')!, { status: 'completed' }, { now: START + 100 * DAY });
  updateProject(t.library, ids.get('algebra basics')!, { status: 'failed', error: { code: 'NO_FACE', message: 'No face.' } }, { now: START + 101 * DAY });
  updateProject(t.library, ids.get('Running shoe launch')!, { status: 'processing' }, { now: START + 102 * DAY });
});
afterAll(() => t.cleanup());

const titles = (query: ProjectQuery = {}): string[] => listProjects(t.library, query).items.map((p) => p.title);

describe('listing the library', () => {
  it('lists newest first by default, with the photo and a script excerpt for each card', () => {
    const page = listProjects(t.library);
    expect(page.total).toBe(12);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]?.title).toBe('Apple pie');
    expect(page.items.at(-1)?.title).toBe('Running shoe launch');
    const card = page.items.find((p) => p.title === 'Quarterly update') as ProjectSummary;
    expect(card).toMatchObject({ type: 'avatar_presentation', status: 'pending', scriptExcerpt: 'Revenue grew and churn fell.', platforms: ['linkedin'], video: null, hasKit: false });
    expect(card.photo.path).toMatch(/^assets\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}\.jpg$/);
  });

  it('sorts by title ignoring case, by updated, and either way round', () => {
    const byTitle = titles({ sort: 'title' });
    expect(byTitle.slice(0, 4)).toEqual(['algebra basics', 'Apple pie', 'Chemistry: acids', 'Crème brûlée at home']);
    expect(titles({ sort: 'title', order: 'desc' })).toEqual([...byTitle].reverse());
    expect(titles({ sort: 'updated' }).slice(0, 3)).toEqual(['Running shoe launch', 'algebra basics', 'Zen garden']);
    expect(titles({ sort: 'created', order: 'asc' })[0]).toBe('Running shoe launch');
  });

  it('finds words in titles and scripts, partial words, accents and Japanese', () => {
    expect(titles({ search: 'running' }).sort()).toEqual(['Morning routine', 'Running shoe launch']);
    expect(titles({ search: 'runn' }).sort()).toEqual(['Morning routine', 'Running shoe launch', 'Trail runners review']);
    expect(titles({ search: 'shoe running' })).toEqual(['Running shoe launch']);
    expect(titles({ search: 'creme brulee' })).toEqual(['Crème brûlée at home']);
    expect(titles({ search: '天気' })).toEqual(['東京の旅']);
    expect(titles({ search: '東京の' })).toEqual(['東京の旅']);
    expect(titles({ search: '50%' })).toEqual(['Chemistry: acids']);
    // Shorter than the trigram index can look up: found by a plain scan instead.
    expect(titles({ search: 'x' })).toEqual(['algebra basics']);
    expect(titles({ search: '"quoted" OR NOT' })).toEqual([]);
    expect(titles({ search: 'nothing-like-this' })).toEqual([]);
  });

  it('filters by status, type, platform and creation date, and combines them with search', () => {
    expect(titles({ status: ['failed', 'completed'] }).sort()).toEqual(['Zen garden', 'algebra basics']);
    expect(titles({ type: ['educational'] }).sort()).toEqual(['Chemistry: acids', 'algebra basics']);
    expect(titles({ platform: 'tiktok' }).sort()).toEqual(['Morning routine', 'Running shoe launch', '東京の旅']);
    // Created on 2026-01-03, 2026-01-04 and 2026-01-05 (local days; the first project is on the 1st).
    expect(titles({ createdFrom: '2026-01-03', createdTo: '2026-01-05', sort: 'created', order: 'asc' })).toEqual(['algebra basics', 'Quarterly update', 'Trail runners review']);
    expect(titles({ search: 'shoe', type: ['product_demo'], platform: 'facebook-reels' })).toEqual(['Sale: 30% off']);
    const page = listProjects(t.library, { search: 'runn', status: ['pending'] });
    expect(page.total).toBe(2);
    expect(page.items.map((p) => p.title).sort()).toEqual(['Morning routine', 'Trail runners review']);
  });

  it('pages with a cursor through every project exactly once, in order', () => {
    for (const sort of ['created', 'updated', 'title'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = listProjects(t.library, { sort, limit: 5, cursor });
        expect(page.total).toBe(12);
        seen.push(...page.items.map((p) => p.title));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(titles({ sort, limit: 50 }));
    }
  });

  it('refuses a cursor from another sort and bad filters with BAD_OPTION', () => {
    const { nextCursor } = listProjects(t.library, { limit: 2 });
    expect(() => listProjects(t.library, { sort: 'title', cursor: nextCursor! })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => listProjects(t.library, { cursor: 'garbage' })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => listProjects(t.library, { status: ['done' as never] })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => listProjects(t.library, { createdFrom: 'last tuesday' })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => listProjects(t.library, { limit: 0 })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
  });
});

describe('paging, for any library', () => {
  it('visits every matching project exactly once, in sort order, whatever the ties', async () => {
    const { default: fc } = await import('fast-check');
    const local = tempLibrary();
    try {
      const photo = await importAsset(local.library, fixture('portrait-obama.jpg'));
      // Few distinct titles and times on purpose: ties are where keyset paging goes wrong.
      const projectArb = fc.record({
        title: fc.constantFrom('apple', 'Apple', 'APPLE', 'banana', 'Éclair', 'zebra', '東京'),
        day: fc.integer({ min: 0, max: 3 }),
        status: fc.constantFrom('pending', 'completed'),
      });
      fc.assert(
        fc.property(
          fc.array(projectArb, { minLength: 0, maxLength: 25 }),
          fc.constantFrom('created', 'updated', 'title'),
          fc.constantFrom('asc', 'desc'),
          fc.integer({ min: 1, max: 7 }),
          fc.boolean(),
          (seeds, sort, order, limit, onlyCompleted) => {
            local.library.sqlite.exec('DELETE FROM projects');
            local.library.transaction(() => {
              for (const s of seeds) {
                const id = createProjectRecord(local.library, { type: 'educational', title: s.title, photoHash: photo.hash }, { now: START + s.day * DAY });
                if (s.status === 'completed') updateProject(local.library, id, { status: 'completed' }, { now: START + s.day * DAY });
              }
            });
            const filter = onlyCompleted ? { status: ['completed' as const] } : {};
            const all = listProjects(local.library, { ...filter, sort, order, limit: 200 }).items;
            const seen: string[] = [];
            let cursor: string | undefined;
            do {
              const page = listProjects(local.library, { ...filter, sort, order, limit, cursor });
              expect(page.items.length).toBeLessThanOrEqual(limit);
              seen.push(...page.items.map((p) => p.id));
              cursor = page.nextCursor ?? undefined;
            } while (cursor);
            expect(seen).toEqual(all.map((p) => p.id));
            // SQLite's NOCASE folds ASCII letters only; ids break ties.
            const key = (p: ProjectSummary): [string | number, string] => [
              sort === 'title' ? p.title.replace(/[A-Z]/g, (c) => c.toLowerCase()) : Date.parse(sort === 'created' ? p.createdAt : p.updatedAt),
              p.id,
            ];
            const sign = order === 'asc' ? 1 : -1;
            for (let i = 1; i < all.length; i += 1) {
              const [ka, ia] = key(all[i - 1]!);
              const [kb, ib] = key(all[i]!);
              const cmp = ka < kb ? -1 : ka > kb ? 1 : ia < ib ? -1 : ia > ib ? 1 : 0;
              expect(cmp * sign).toBeLessThan(0);
            }
            expect(all.length).toBe(seeds.filter((s) => !onlyCompleted || s.status === 'completed').length);
          },
        ),
        { numRuns: 60 },
      );
    } finally {
      local.cleanup();
    }
  });
});
