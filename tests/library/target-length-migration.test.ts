import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, getProject, listProjects, openLibrary, updateProject } from '../../src-main/app/library/index.js';
import { defaultMigrationsFolder } from '../../src-main/app/library/open-library.js';
import { fixture, tempDir } from '../support/fixtures.js';

/** A project's target length is the creator's or none (drizzle/0006_project_target_optional.sql). */

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** The app's migrations up to and including `lastTag`: a library as an older version left it. */
function migrationsUpTo(folder: string, lastTag: string): string {
  const older = path.join(folder, 'older-drizzle');
  cpSync(defaultMigrationsFolder(), older, { recursive: true });
  const journalFile = path.join(older, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ idx: number; tag: string }> };
  const last = journal.entries.find((e) => e.tag === lastTag)!.idx;
  for (const e of journal.entries.filter((e) => e.idx > last)) rmSync(path.join(older, `${e.tag}.sql`));
  journal.entries = journal.entries.filter((e) => e.idx <= last);
  writeFileSync(journalFile, JSON.stringify(journal));
  return older;
}

describe('a project’s target length', () => {
  it('is none when the creator set none, and can be set and cleared', async () => {
    const { dir, cleanup } = tempDir('tp-target-');
    cleanups.push(cleanup);
    const library = openLibrary({ dataDir: path.join(dir, 'data'), startFresh: true });
    cleanups.unshift(() => library.close());
    const p = await createProject(library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: 'A forty second script would go here.' });
    expect(p.targetDurationS).toBeNull();
    expect(listProjects(library).items[0]!.targetDurationS).toBeNull();
    expect(updateProject(library, p.id, { targetDurationS: 40 }).targetDurationS).toBe(40);
    expect(updateProject(library, p.id, { targetDurationS: null }).targetDurationS).toBeNull();
  });

  it('upgrades an older library: the old 10 s default becomes none, a creator’s other target stays, and search still finds every project', async () => {
    const { dir, cleanup } = tempDir('tp-target-');
    cleanups.push(cleanup);
    const dataDir = path.join(dir, 'data');
    const old = openLibrary({ dataDir, startFresh: true, migrationsFolder: migrationsUpTo(dir, '0005_project_render_settings') });
    const defaulted = await createProject(old, { type: 'educational', title: 'Spring sale', photoPath: fixture('portrait-obama.jpg'), script: 'Everything is half price.', targetDurationS: 10 });
    const chosen = await createProject(old, { type: 'educational', title: 'Trail shoe', photoPath: fixture('portrait-obama.jpg'), script: 'Meet the trail shoe.', targetDurationS: 30 });
    old.close();

    const library = openLibrary({ dataDir });
    cleanups.unshift(() => library.close());
    expect(getProject(library, defaulted.id).targetDurationS).toBeNull();
    expect(getProject(library, chosen.id).targetDurationS).toBe(30);
    // The table was copied: its search triggers were made again, for old projects and new.
    expect(listProjects(library, { search: 'half price' }).items.map((p) => p.id)).toEqual([defaulted.id]);
    const later = await createProject(library, { type: 'educational', title: 'Autumn hats', photoPath: fixture('portrait-obama.jpg'), script: 'Warm hats for cold days.' });
    expect(listProjects(library, { search: 'cold days' }).items.map((p) => p.id)).toEqual([later.id]);
    updateProject(library, chosen.id, { title: 'Mountain shoe' });
    expect(listProjects(library, { search: 'mountain' }).items.map((p) => p.id)).toEqual([chosen.id]);
    expect(library.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
