import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listExportTemplates, openLibrary, syncExportTemplates } from '../../src-main/app/library/index.js';
import { expandTemplates, templatesFor } from '../../src-shared/export-templates.js';
import { tempLibrary, type TempLibrary } from './library-fixtures.js';

let t: TempLibrary;
beforeEach(() => {
  t = tempLibrary();
});
afterEach(() => t.cleanup());

const stored = (): Array<{ id: string; usage_count: number; success_rate: number | null; is_active: number; template_name: string }> =>
  t.library.sqlite.prepare('SELECT id, usage_count, success_rate, is_active, template_name FROM export_templates ORDER BY id').all() as never;

const VEO = 'veo3-speaking-shots';
const isVeo = (id: string): boolean => id.startsWith(`${VEO}.`);

describe('export templates in the library', () => {
  it('holds every shipped template row as soon as the library opens', () => {
    const rows = expandTemplates();
    expect(stored()).toHaveLength(rows.length);
    expect(stored().every((r) => r.is_active === 1)).toBe(true);

    const listed = listExportTemplates(t.library, { workflowType: 'educational', platform: 'tiktok' });
    expect(listed.map((r) => r.templateName).sort()).toEqual(
      templatesFor('educational', 'tiktok')
        .map((x) => x.templateName)
        .sort(),
    );
    const veo = listed.find((r) => isVeo(r.id))!;
    expect(veo.instructions).toMatch(/^1\. .+\n2\. /u);
    expect(veo.promptTemplate).toContain('{{script}}');
    expect(veo.settings).toMatchObject({ tool: 'Google Veo 3', aspectRatio: '9:16', maxClipS: 8, cropTo: null });
    expect(veo.assetsRequired).toEqual(['photo', 'script']);
    expect(veo.usageCount).toBe(0);
  });

  it('keeps usage counts and success rates when it syncs again and when template content changes', () => {
    const id = `${VEO}.educational.tiktok`;
    t.library.sqlite.prepare('UPDATE export_templates SET usage_count = 7, success_rate = 85 WHERE id = ?').run(id);

    expect(syncExportTemplates(t.library)).toEqual({ inserted: 0, updated: 0, deactivated: 0 });
    const changed = expandTemplates().map((r) => (isVeo(r.id) ? { ...r, estimatedMinutes: r.estimatedMinutes + 5 } : r));
    const veoRows = changed.filter((r) => isVeo(r.id)).length;
    expect(syncExportTemplates(t.library, changed)).toEqual({ inserted: 0, updated: veoRows, deactivated: 0 });

    const row = listExportTemplates(t.library, { workflowType: 'educational', platform: 'tiktok' }).find((r) => r.id === id)!;
    expect(row).toMatchObject({ usageCount: 7, successRate: 85, estimatedMinutes: 35 + 5, isActive: true });

    // Reopening brings the shipped content back, still keeping the counts.
    t.library.close();
    t.library = openLibrary({ dataDir: t.dataDir });
    expect(stored().find((r) => r.id === id)).toMatchObject({ usage_count: 7, success_rate: 85, is_active: 1 });
    expect(listExportTemplates(t.library, { platform: 'tiktok', workflowType: 'educational' }).find((r) => r.id === id)?.estimatedMinutes).toBe(35);
  });

  it('marks the rows of a template this version no longer ships inactive, and revives them when it returns', () => {
    const without = expandTemplates().filter((r) => !isVeo(r.id));
    const veoRows = expandTemplates().length - without.length;
    expect(syncExportTemplates(t.library, without)).toEqual({ inserted: 0, updated: 0, deactivated: veoRows });

    expect(stored()).toHaveLength(expandTemplates().length);
    expect(
      stored()
        .filter((r) => r.is_active === 0)
        .every((r) => isVeo(r.id)),
    ).toBe(true);
    expect(listExportTemplates(t.library, { platform: 'youtube' }).some((r) => isVeo(r.id))).toBe(false);
    expect(
      listExportTemplates(t.library, { platform: 'youtube', includeInactive: true })
        .filter((r) => isVeo(r.id))
        .every((r) => !r.isActive),
    ).toBe(true);

    expect(syncExportTemplates(t.library)).toEqual({ inserted: 0, updated: veoRows, deactivated: 0 });
    expect(stored().every((r) => r.is_active === 1)).toBe(true);
  });

  it('keeps the row and its counts when a template is renamed', () => {
    const id = `${VEO}.product_demo.x`;
    t.library.sqlite.prepare('UPDATE export_templates SET usage_count = 3 WHERE id = ?').run(id);
    const renamed = expandTemplates().map((r) => (isVeo(r.id) ? { ...r, templateName: 'Veo 3, shot by shot' } : r));
    expect(syncExportTemplates(t.library, renamed)).toMatchObject({ inserted: 0, deactivated: 0 });
    expect(stored().find((r) => r.id === id)).toMatchObject({ template_name: 'Veo 3, shot by shot', usage_count: 3 });
  });

  it('costs a few milliseconds on open when nothing changed', () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const start = performance.now();
      syncExportTemplates(t.library);
      times.push(performance.now() - start);
    }
    expect(Math.min(...times)).toBeLessThan(20);
  });

  it('refuses a filter with an unknown platform', () => {
    expect(() => listExportTemplates(t.library, { platform: 'myspace' as never })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
  });
});
