import { defineConfig } from 'drizzle-kit';

/**
 * `npx drizzle-kit generate` writes the next numbered migration into `drizzle/` from
 * changes in the library schema. Migrations are checked in and never edited once released;
 * the app applies them on open (src-main/app/library/open-library.ts).
 */
export default defineConfig({
  dialect: 'sqlite',
  schema: './src-main/app/library/schema.ts',
  out: './drizzle',
  strict: true,
  verbose: true,
});
