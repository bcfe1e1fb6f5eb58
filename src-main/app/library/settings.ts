import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Library } from './open-library.js';
import { parseInput } from './project-input.js';
import { settings } from './schema.js';

/**
 * The creator's preferences that belong with their projects (default platforms, voice,
 * budget): JSON values by key, inside the library so they travel with an export.
 */

const SettingKeySchema = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.-]{0,99}$/, 'a setting name is letters, digits, _ . and -');

export function getSetting(library: Library, key: string): unknown {
  const row = library.db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, parseInput(SettingKeySchema, key, 'setting')))
    .get();
  return row?.value;
}

/** `undefined` removes the setting. */
export function setSetting(library: Library, key: string, value: unknown): void {
  const name = parseInput(SettingKeySchema, key, 'setting');
  if (value === undefined) {
    library.db.delete(settings).where(eq(settings.key, name)).run();
    return;
  }
  // Round-trip through JSON now, so what is read back is exactly what was stored.
  const json: unknown = JSON.parse(JSON.stringify(value));
  library.db
    .insert(settings)
    .values({ key: name, value: json, updatedAt: Date.now() })
    .onConflictDoUpdate({ target: settings.key, set: { value: json, updatedAt: Date.now() } })
    .run();
}

export function allSettings(library: Library): Record<string, unknown> {
  const rows = library.db.select({ key: settings.key, value: settings.value }).from(settings).orderBy(settings.key).all();
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}
