import { cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, closeSync, writeSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { dataFolder, getProject, importAsset, listProjects, openLibrary, restoreLibrary, createProjectRecord } from '../../src-main/app/library/index.js';
import { defaultMigrationsFolder } from '../../src-main/app/library/open-library.js';
import { fixture, tempDir } from '../support/fixtures.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
function scratch(): string {
  const { dir, cleanup } = tempDir('tp-library-file-');
  cleanups.push(cleanup);
  return dir;
}

/** A real library with enough projects that its file spans many pages. */
async function libraryWithProjects(dataDir: string, count: number): Promise<void> {
  const library = openLibrary({ dataDir });
  const photo = await importAsset(library, fixture('portrait-obama.jpg'));
  library.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      createProjectRecord(library, { type: 'educational', title: `Lesson ${i}`, script: `Lesson ${i}: ${'practice makes progress. '.repeat(8)}`, photoHash: photo.hash });
    }
  });
  library.close();
}

describe('the library file', () => {
  it('lives in TALKINGPHOTO_DATA_DIR when it is set', () => {
    const dir = path.join(scratch(), 'portable data');
    const saved = process.env.TALKINGPHOTO_DATA_DIR;
    process.env.TALKINGPHOTO_DATA_DIR = dir;
    try {
      expect(dataFolder()).toBe(dir);
      const library = openLibrary();
      library.close();
      expect(existsSync(path.join(dir, 'library.db'))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.TALKINGPHOTO_DATA_DIR;
      else process.env.TALKINGPHOTO_DATA_DIR = saved;
    }
  });

  it('opens in WAL mode with foreign keys on', () => {
    const library = openLibrary({ dataDir: scratch() });
    expect(library.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(library.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(Number(library.sqlite.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
    library.close();
  });

  it('sets a damaged file aside, says what to do, and never starts empty behind the creator’s back', async () => {
    const dataDir = scratch();
    await libraryWithProjects(dataDir, 400);
    const backup = await (async () => {
      const library = openLibrary({ dataDir });
      const file = await library.backup();
      library.close();
      return file;
    })();
    const file = path.join(dataDir, 'library.db');
    const size = statSync(file).size;
    const garbage = Buffer.alloc(16 * 4096, 0x5a);
    const fd = openSync(file, 'r+');
    writeSync(fd, garbage, 0, garbage.length, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    const damagedBytes = readFileSync(file);

    let error: unknown;
    try {
      openLibrary({ dataDir });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'LIBRARY_DAMAGED', name: 'TalkingPhotoError' });
    const message = (error as Error).message;
    expect(message).toContain('damaged');
    expect(message).toContain(path.basename(backup));
    const kept = readdirSync(dataDir).filter((name) => /^library\.db\.damaged-[^-]/.test(name) && !name.endsWith('-wal') && !name.endsWith('-shm'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(path.join(dataDir, kept[0]!)).equals(damagedBytes)).toBe(true);

    // Opening again must not quietly make an empty library.
    expect(() => openLibrary({ dataDir })).toThrow(expect.objectContaining({ code: 'LIBRARY_DAMAGED' }));

    restoreLibrary(backup, { dataDir });
    const restored = openLibrary({ dataDir });
    expect(listProjects(restored).total).toBe(400);
    restored.close();
    expect(existsSync(path.join(dataDir, kept[0]!))).toBe(true);
  });

  it('starts a fresh library only when asked, keeping the damaged copy', () => {
    const dataDir = scratch();
    writeFileSync(path.join(dataDir, 'library.db'), Buffer.alloc(8192, 0x41));
    expect(() => openLibrary({ dataDir })).toThrow(expect.objectContaining({ code: 'LIBRARY_DAMAGED' }));
    expect(() => openLibrary({ dataDir })).toThrow(expect.objectContaining({ code: 'LIBRARY_DAMAGED' }));
    const fresh = openLibrary({ dataDir, startFresh: true });
    expect(listProjects(fresh).total).toBe(0);
    fresh.close();
    // Now library.db exists again: later opens are ordinary.
    openLibrary({ dataDir }).close();
    expect(readdirSync(dataDir).some((name) => name.startsWith('library.db.damaged-'))).toBe(true);
  });

  it('refuses to restore from a file that is not a library backup', () => {
    const dataDir = scratch();
    const notBackup = path.join(dataDir, 'notes.db');
    writeFileSync(notBackup, 'hello');
    expect(() => restoreLibrary(notBackup, { dataDir })).toThrow(expect.objectContaining({ code: 'BACKUP_INVALID' }));
  });

  it('upgrades a library made by the first version and keeps its projects', () => {
    const dir = scratch();
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir);
    // The first release shipped only migration 0000: rebuild its migrations folder.
    const oldMigrations = path.join(dir, 'drizzle-v1');
    cpSync(defaultMigrationsFolder(), oldMigrations, { recursive: true });
    const journalFile = path.join(oldMigrations, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
    expect(journal.entries.length).toBeGreaterThanOrEqual(2);
    writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }));

    const old = new Database(path.join(dataDir, 'library.db'));
    migrate(drizzle(old), { migrationsFolder: oldMigrations });
    expect(old.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'project_search'").get()).toEqual({ n: 0 });
    const hash = 'a'.repeat(64);
    old.prepare("INSERT INTO assets VALUES (?, ?, 1234, 'image/jpeg', 1700000000000)").run(hash, `assets/aa/aa/${hash}.jpg`);
    const insert = old.prepare(
      `INSERT INTO projects (id, type, status, title, photo_asset, script, platforms, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    insert.run('p-old-1', 'product_demo', 'completed', 'Spring sale', hash, 'Everything is half price this weekend.', '["tiktok"]', 1700000000000, 1700000000000);
    insert.run('p-old-2', 'educational', 'pending', 'Photosynthesis', hash, 'Plants turn light into sugar.', '[]', 1700000001000, 1700000001000);
    old.close();

    const library = openLibrary({ dataDir });
    expect(library.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get()).toEqual({ n: journal.entries.length });
    // Projects made before voices were stored keep speaking with their language's default.
    expect(getProject(library, 'p-old-1')).toMatchObject({ title: 'Spring sale', status: 'completed', platforms: ['tiktok'], photo: { hash, size: 1234 }, voice: null });
    expect(getProject(library, 'p-old-2').voice).toBeNull();
    // The search index added by the second migration covers rows made before it.
    expect(listProjects(library, { search: 'half price' }).items.map((p) => p.id)).toEqual(['p-old-1']);
    expect(listProjects(library, { search: 'sugar' }).items.map((p) => p.id)).toEqual(['p-old-2']);
    library.close();
  });

  it('refuses a library from a newer TalkingPhoto instead of guessing at its tables', () => {
    const dataDir = scratch();
    openLibrary({ dataDir }).close();
    const raw = new Database(path.join(dataDir, 'library.db'));
    raw.prepare("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('future', ?)").run(Date.now() + 10 * 365 * 24 * 3600 * 1000);
    raw.close();
    expect(() => openLibrary({ dataDir })).toThrow(expect.objectContaining({ code: 'LIBRARY_UNAVAILABLE' }));
  });

  it('says so when the data folder cannot be created', () => {
    const blocker = path.join(scratch(), 'a-file');
    writeFileSync(blocker, '');
    expect(() => openLibrary({ dataDir: path.join(blocker, 'data') })).toThrow(expect.objectContaining({ code: 'LIBRARY_UNAVAILABLE' }));
  });
});
