import { defineConfig } from 'drizzle-kit';

/** The PostgreSQL twin of drizzle.sqlite.config.ts (generating needs no database). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/src/store/schema-pg.ts',
  out: './server/drizzle/pg',
  strict: true,
  verbose: true,
});
