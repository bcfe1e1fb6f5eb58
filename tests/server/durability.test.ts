import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_HOURS } from '../../src-shared/licensing.js';
import { SQLITE_FILE_NAME } from '../../server/src/store/open-store.js';
import { openSqliteDatabase } from '../../server/src/store/sqlite-store.js';
import { freshDatabase } from './support/databases.js';
import { HOUR, START, startTestService, type TestService } from './support/licensing-service.js';

describe('licensing store durability and upkeep', () => {
  let service: TestService | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  it('runs the SQLite store at synchronous=FULL in WAL mode, so an acknowledged webhook survives a power failure', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-licensing-sync-'));
    try {
      const sqlite = openSqliteDatabase(path.join(dir, SQLITE_FILE_NAME));
      expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
      sqlite.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('deletes expired sessions and dead reset links when it starts, and keeps live ones', async () => {
    const database = await freshDatabase('sqlite');
    const { store } = database;
    const user = await store.createUser({ id: 'u1', email: 'maya@example.com', passwordHash: 'scrypt$x', createdAt: START - 48 * HOUR });
    await store.createSession({ tokenHash: 'old', userId: user!.id, createdAt: START - 48 * HOUR, expiresAt: START - 24 * HOUR });
    await store.createSession({ tokenHash: 'live', userId: user!.id, createdAt: START, expiresAt: START + SESSION_HOURS * HOUR });
    await store.createPasswordReset({ tokenHash: 'reset-old', userId: user!.id, createdAt: START - 2 * HOUR, expiresAt: START - HOUR });
    service = await startTestService({ database });
    await service.app.ready();
    expect(await store.sessionByTokenHash('old')).toBeUndefined();
    expect(await store.sessionByTokenHash('live')).toBeDefined();
    expect(service.logLines().some((line) => line.includes('"pruned":{"sessions":1,"passwordResets":1,"pendingSignUps":0,"loginAttempts":0}'))).toBe(true);
  });

  it('deletes sessions as they expire while it runs', async () => {
    service = await startTestService({ pruneEveryMs: 50 });
    const { token } = await service.signUp('maya@example.com', 'correct horse battery');
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(token).digest('hex');
    expect(await service.store.sessionByTokenHash(hash)).toBeDefined();
    service.clock.advance(SESSION_HOURS * HOUR);
    for (let waited = 0; waited < 5000 && (await service.store.sessionByTokenHash(hash)); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await service.store.sessionByTokenHash(hash)).toBeUndefined();
  });
});
