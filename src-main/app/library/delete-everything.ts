import { rm } from 'node:fs/promises';
import { monthStart } from '../../../src-shared/licensing.js';
import { localStartOfDay } from '../../cloud/providers/budget.js';
import { setAsideFiles } from './library-damage.js';
import type { Library } from './open-library.js';

/**
 * "Delete everything" (SPEC §6): every project, file, kit, job, setting, usage record and
 * backup goes, and the library stays open and working, empty. Export templates are the
 * app's own content, not the creator's, so they stay (their usage counts are reset).
 *
 * Two things stay, as bare dated marks (no project, provider or detail):
 * - this month's count of videos made: the plan's allowance (SPEC §5), not personal
 *   content; emptying it would hand the free plan a fresh month's videos at every Delete
 *   everything;
 * - what today's cloud calls cost, as sums of money: the providers charged the creator's
 *   keys for them all the same, and the daily spending cap counts them; emptied, the cap
 *   would start again from nothing and let a second day's worth be spent today.
 */
export async function deleteEverything(library: Library, now: number = Date.now()): Promise<void> {
  await library.exclusive(async () => {
    library.transaction(() => {
      library.sqlite
        .prepare("DELETE FROM usage_events WHERE NOT ((kind = 'project_created' AND created_at >= ?) OR (kind = 'provider_attempt' AND created_at >= ? AND cost_usd > 0))")
        .run(monthStart(now), localStartOfDay(now));
      // What stays is a date, a kind and a sum: nothing says which project, provider or detail.
      library.sqlite.exec('UPDATE usage_events SET project_id = NULL, provider = NULL, capability = NULL, units = NULL, details = NULL');
      // Children before parents, so no foreign key ever points at a deleted row.
      library.sqlite.exec(`
        DELETE FROM kit_files;
        UPDATE projects SET kit_id = NULL WHERE kit_id IS NOT NULL;
        DELETE FROM kits;
        DELETE FROM jobs;
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
