import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { dataFolderProblem } from './data-folder-errors.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-disk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function thrownBy(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}

describe('dataFolderProblem', () => {
  it('reads the kernel’s ENOSPC as DISK_FULL', () => {
    const error = thrownBy(() => writeFileSync('/dev/full', 'x'));
    expect(dataFolderProblem(error, dir)).toMatchObject({ code: 'DISK_FULL', message: `The disk holding ${dir} is full: free some space on it, then try again.` });
  });

  it('reads SQLite’s own "database or disk is full" as DISK_FULL', () => {
    const db = new Database(path.join(dir, 'tiny.db'));
    db.exec('CREATE TABLE t (x BLOB)');
    db.pragma('max_page_count = 3');
    const error = thrownBy(() => db.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(64 * 1024)));
    db.close();
    expect((error as { code: string }).code).toBe('SQLITE_FULL');
    expect(dataFolderProblem(error, dir)?.code).toBe('DISK_FULL');
  });

  it('reads a refused SQLite write as DATA_FOLDER_READ_ONLY', () => {
    new Database(path.join(dir, 'ro.db')).exec('CREATE TABLE t (x)');
    const db = new Database(path.join(dir, 'ro.db'), { readonly: true });
    const error = thrownBy(() => db.exec('INSERT INTO t VALUES (1)'));
    db.close();
    expect((error as { code: string }).code).toMatch(/^SQLITE_READONLY/);
    expect(dataFolderProblem(error, dir)?.code).toBe('DATA_FOLDER_READ_ONLY');
  });

  it('names the folder an errno error names', () => {
    const error = Object.assign(new Error("EACCES: permission denied, mkdir '/srv/TalkingPhoto/tmp'"), { code: 'EACCES', syscall: 'mkdir', path: '/srv/TalkingPhoto/tmp' });
    expect(dataFolderProblem(error, dir)?.message).toContain('TalkingPhoto may no longer write to /srv/TalkingPhoto ');
  });

  it('leaves bugs and typed errors alone', () => {
    expect(dataFolderProblem(new TypeError("Cannot read properties of undefined (reading 'width')"), dir)).toBeNull();
    expect(
      dataFolderProblem(
        thrownBy(() => JSON.parse('{')),
        dir,
      ),
    ).toBeNull();
    expect(dataFolderProblem(new TalkingPhotoError('NO_FACE', 'No face.'), dir)).toBeNull();
  });
});
