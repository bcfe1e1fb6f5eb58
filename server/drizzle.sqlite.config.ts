import { defineConfig } from 'drizzle-kit';

/**
 * The licensing service's SQLite migrations. `npm run server:db:generate` (from the
 * repository root) writes the next numbered migration for both dialects after a change to
 * src/store/schema-sqlite.ts and its mirror schema-pg.ts; released ones are never edited.
 * The service applies them when it starts.
 */
export default defineConfig({
  dialect: 'sqlite',
  schema: './server/src/store/schema-sqlite.ts',
  out: './server/drizzle/sqlite',
  strict: true,
  verbose: true,
});
