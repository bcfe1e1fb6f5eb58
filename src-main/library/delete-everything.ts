import { rm } from 'node:fs/promises';
import { setAsideFiles } from './library-damage.js';
import type { Library } from './open-library.js';

/**
 * "Delete everything" (SPEC §6): every project, file, kit, job, setting, usage record and
 * backup goes, and the library stays open and working, empty. Export templates are the
 * app's own content, not the creator's, so they stay (their usage counts are reset).
 */
export async function deleteEverything(library: Library): Promise<void> {
  await library.exclusive(async () => {
    library.transaction(() => {
      // Children before parents, so no foreign key ever points at a deleted row.
      library.sqlite.exec(`
        DELETE FROM kit_files;
        UPDATE projects SET kit_id = NULL WHERE kit_id IS NOT NULL;
        DELETE FROM kits;
        DELETE FROM jobs;
        DELETE FROM usage_events;
        DELETE FROM provider_health;
        DELETE FROM provider_jobs;
        DELETE FROM provider_cache;
        DELETE FROM projects;
        DELETE FROM assets;
        DELETE FROM settings;
        DELETE FROM file_removals;
        UPDATE export_templates SET usage_count = 0, success_rate = NULL;
      `);
    });
    const { paths } = library;
    // Backups and set-aside damaged copies hold the same projects: they go too.
    for (const folder of [paths.assets, paths.derived, paths.tmp, paths.backups, paths.drafts, paths.cache, ...setAsideFiles(paths)]) {
      await rm(folder, { recursive: true, force: true });
    }
    // Deleted rows linger in free pages and the WAL until rewritten: VACUUM rewrites the
    // file without them, and the checkpoint empties the WAL.
    library.sqlite.exec('VACUUM');
    library.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  });
}
