import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getTableConfig as pgTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pgSchema from '../../server/src/store/schema-pg.js';
import * as sqliteSchema from '../../server/src/store/schema-sqlite.js';
import { MIGRATIONS } from '../../server/src/store/open-store.js';

/** A table as both dialects can agree on it: names, kinds of value, nullability, defaults, keys, indexes. */
function shape(config: ReturnType<typeof pgTableConfig> | ReturnType<typeof sqliteTableConfig>) {
  return {
    name: config.name,
    columns: config.columns
      .map((c) => ({ name: c.name, dataType: c.dataType, notNull: c.notNull, primary: c.primary, hasDefault: c.hasDefault, enumValues: c.enumValues ?? null }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    indexes: config.indexes.map((i) => ({ name: i.config.name ?? '', unique: i.config.unique })).sort((a, b) => a.name.localeCompare(b.name)),
    foreignKeys: config.foreignKeys
      .map(
        (f) =>
          f
            .reference()
            .foreignColumns.map((c) => c.name)
            .join(',') + ` on delete ${f.onDelete}`,
      )
      .sort(),
  };
}

describe('the licensing schema', () => {
  it('defines the same tables and columns for SQLite and PostgreSQL', () => {
    const sqliteTables = Object.values(sqliteSchema).map((table) => shape(sqliteTableConfig(table as SQLiteTable)));
    const pgTables = Object.values(pgSchema).map((table) => shape(pgTableConfig(table as PgTable)));
    expect(sqliteTables.map((t) => t.name).sort()).toEqual(['login_attempts', 'password_resets', 'payments', 'pending_sign_ups', 'processed_webhook_events', 'sessions', 'users']);
    expect(pgTables).toEqual(sqliteTables);
  });

  it('has a checked-in migration for each dialect that creates every table', () => {
    for (const [dialect, folder] of Object.entries(MIGRATIONS)) {
      const journal = JSON.parse(readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
      expect(journal.entries.length, dialect).toBeGreaterThan(0);
      const sql = journal.entries.map((entry) => readFileSync(path.join(folder, `${entry.tag}.sql`), 'utf8')).join('\n');
      for (const table of ['users', 'sessions', 'password_resets', 'payments', 'processed_webhook_events', 'login_attempts', 'pending_sign_ups']) {
        expect(sql, `${dialect} creates ${table}`).toMatch(new RegExp(`CREATE TABLE [\`"]${table}[\`"]`));
      }
    }
  });
});
