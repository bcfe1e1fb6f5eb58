import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPgStore } from './pg-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { LicensingStore } from './store.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Each dialect's checked-in migrations (drizzle-kit, server/drizzle.<dialect>.config.ts). */
export const MIGRATIONS = {
  sqlite: path.resolve(here, '../../drizzle/sqlite'),
  postgres: path.resolve(here, '../../drizzle/pg'),
} as const;

export const SQLITE_FILE_NAME = 'licensing.db';

export type StoreLocation = { databaseUrl: string } | { dataDir: string };

/** PostgreSQL when a DATABASE_URL is configured, the embedded SQLite file otherwise; migrated to the latest schema. */
export async function openStore(location: StoreLocation, onPoolError?: (error: Error) => void): Promise<LicensingStore> {
  if ('databaseUrl' in location) return openPgStore(location.databaseUrl, MIGRATIONS.postgres, { onPoolError });
  return openSqliteStore(path.join(location.dataDir, SQLITE_FILE_NAME), MIGRATIONS.sqlite);
}
