import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore, SQLITE_FILE_NAME } from '../../../server/src/store/open-store.js';
import type { LicensingStore } from '../../../server/src/store/store.js';

/**
 * The databases the service's tests run on: always the embedded SQLite, and a real
 * PostgreSQL when DATABASE_URL is set (.ci/run starts one). Each test gets a database of its
 * own: a fresh SQLite folder, or a fresh PostgreSQL database created beside DATABASE_URL's
 * and dropped afterwards (the role needs CREATEDB).
 */
export type Dialect = 'sqlite' | 'postgres';

const POSTGRES_URL = process.env.DATABASE_URL;

export const DIALECTS: { dialect: Dialect; label: string; skip: boolean }[] = [
  { dialect: 'sqlite', label: 'on SQLite', skip: false },
  {
    dialect: 'postgres',
    label: POSTGRES_URL ? 'on PostgreSQL' : 'on PostgreSQL (skipped: DATABASE_URL is not set; .ci/run sets it)',
    skip: !POSTGRES_URL,
  },
];

export interface TestDatabase {
  store: LicensingStore;
  /** For a test that must reach around the store: the SQLite file, or the PostgreSQL database's URL. */
  sqliteFile?: string;
  databaseUrl?: string;
  dispose(): Promise<void>;
}

export async function freshDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tp-licensing-'));
    const store = await openStore({ dataDir });
    return {
      store,
      sqliteFile: path.join(dataDir, SQLITE_FILE_NAME),
      dispose: async () => {
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (!POSTGRES_URL) throw new Error('DATABASE_URL is not set');
  const name = `tp_licensing_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString() });
  return {
    store,
    databaseUrl: url.toString(),
    dispose: async () => {
      await store.close();
      await dropDatabase(name);
    },
  };
}

/**
 * Our own connections are closed by then; one PostgreSQL opened itself (an autovacuum
 * worker visiting the new database) may still be there for a moment. WITH (FORCE) would
 * have to kill it, which our role may not do, so wait for it to leave instead.
 */
async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}"`);
      return;
    } catch (error) {
      // 55006 object_in_use: "database is being accessed by other users".
      if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
