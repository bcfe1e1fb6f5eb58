import { and, asc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { expandTemplates, type ExportTemplateRow } from '../../../src-shared/export-templates.js';
import { WORKFLOW_TYPES } from '../../../src-shared/limits.js';
import type { Library } from './open-library.js';
import { parseInput, PlatformIdSchema, TEMPLATE_DIFFICULTIES } from './project-input.js';
import { exportTemplates } from './schema.js';

/**
 * The library's copy of the export templates (SPEC §4 "export templates"). The templates
 * are the app's own data (src-shared/export-templates.ts); the library keeps them as rows
 * so usage counts and success rates can hang off them. Every open brings the rows in line
 * with the data this version ships: new ones inserted, changed ones updated in place
 * (keeping their counts), and ones this version no longer ships marked inactive rather
 * than deleted, so their history stays.
 */

export interface ExportTemplateRecord {
  id: string;
  workflowType: (typeof WORKFLOW_TYPES)[number];
  platform: string;
  templateName: string;
  /** Numbered plain-text steps; may hold {{placeholders}}. */
  instructions: string;
  promptTemplate: string | null;
  settings: unknown;
  assetsRequired: string[];
  difficulty: (typeof TEMPLATE_DIFFICULTIES)[number];
  estimatedMinutes: number | null;
  toolsRequired: string[];
  usageCount: number;
  successRate: number | null;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ExportTemplateSync {
  inserted: number;
  updated: number;
  deactivated: number;
}

const keyOf = (row: { workflowType: string; platform: string; templateName: string }): string => `${row.workflowType}\u0000${row.platform}\u0000${row.templateName}`;

/** The columns the shipped data owns; usage counts, success rate and createdAt are the library's. */
function content(row: ExportTemplateRow) {
  return {
    workflowType: row.workflowType,
    platform: row.platform,
    templateName: row.templateName,
    instructions: row.instructions,
    promptTemplate: row.promptTemplate,
    settings: row.settings,
    assetsRequired: row.assetsRequired,
    difficulty: row.difficulty,
    estimatedMinutes: row.estimatedMinutes,
    toolsRequired: row.toolsRequired,
  };
}
type Content = ReturnType<typeof content>;

/**
 * A stored row as SQLite holds it, JSON columns still text. Read raw because this runs on
 * every open: through drizzle (row mapping, JSON parsing, re-serialising to compare) a
 * no-op sync of the 220 shipped rows took 5–10 ms; raw text against cached text, 1–2 ms.
 */
interface StoredRow {
  id: string;
  workflowType: string;
  platform: string;
  templateName: string;
  isActive: number;
  instructions: string;
  promptTemplate: string | null;
  settings: string | null;
  assetsRequired: string | null;
  difficulty: string;
  estimatedMinutes: number | null;
  toolsRequired: string | null;
}

const SELECT_STORED = `SELECT id, workflow_type AS workflowType, platform, template_name AS templateName, is_active AS isActive,
  instructions, prompt_template AS promptTemplate, settings, assets_required AS assetsRequired, difficulty,
  estimated_minutes AS estimatedMinutes, tools_required AS toolsRequired FROM export_templates`;

/** The JSON columns as drizzle writes them (JSON.stringify), kept per row: the shipped rows are compared on every open. */
const jsonText = new WeakMap<ExportTemplateRow, { settings: string; assetsRequired: string; toolsRequired: string }>();

function sameContent(stored: StoredRow, row: ExportTemplateRow): boolean {
  let json = jsonText.get(row);
  if (!json) {
    json = { settings: JSON.stringify(row.settings), assetsRequired: JSON.stringify(row.assetsRequired), toolsRequired: JSON.stringify(row.toolsRequired) };
    jsonText.set(row, json);
  }
  return (
    stored.workflowType === row.workflowType &&
    stored.platform === row.platform &&
    stored.templateName === row.templateName &&
    stored.instructions === row.instructions &&
    stored.promptTemplate === row.promptTemplate &&
    stored.settings === json.settings &&
    stored.assetsRequired === json.assetsRequired &&
    stored.difficulty === row.difficulty &&
    stored.estimatedMinutes === row.estimatedMinutes &&
    stored.toolsRequired === json.toolsRequired
  );
}

interface SyncPlan {
  inserts: Array<Content & { id: string }>;
  updates: Array<{ id: string; content: Content }>;
  deactivations: string[];
}

/**
 * What it takes to bring the stored rows in line with `rows`. Rows match by the unique
 * (workflow type, platform, template name); failing that by id, so a renamed template
 * keeps its row and its counts.
 */
function planSync(stored: readonly StoredRow[], rows: readonly ExportTemplateRow[]): SyncPlan {
  const byKey = new Map(stored.map((s) => [keyOf(s), s]));
  const byId = new Map(stored.map((s) => [s.id, s]));
  const wantedKeys = new Set(rows.map(keyOf));
  const matched = new Set<string>();
  const plan: SyncPlan = { inserts: [], updates: [], deactivations: [] };
  for (const row of rows) {
    const sameId = byId.get(row.id);
    const match = byKey.get(keyOf(row)) ?? (sameId && !wantedKeys.has(keyOf(sameId)) ? sameId : undefined);
    const wanted = content(row);
    if (!match) plan.inserts.push({ id: row.id, ...wanted });
    else if (!match.isActive || !sameContent(match, row)) plan.updates.push({ id: match.id, content: wanted });
    if (match) matched.add(match.id);
  }
  for (const s of stored) if (s.isActive && !matched.has(s.id)) plan.deactivations.push(s.id);
  return plan;
}

let shipped: ExportTemplateRow[] | undefined;

/** A first open inserts every row; 100 rows of 16 columns stay far below SQLite's 32,766 parameters a statement. */
const INSERT_BATCH = 100;

/**
 * Brings the library's templates in line with `rows` (the shipped data by default), in one
 * transaction. Runs on every open, so the common case (nothing changed) is one read and
 * no write: 1–2 ms for the 220 shipped rows, ~6 ms for the first call in a process, which
 * also expands the data (measured 2026-11 on a loaded 2-core dev machine; the test holds
 * it under 20 ms).
 */
export function syncExportTemplates(library: Library, rows?: readonly ExportTemplateRow[], now: () => number = Date.now): ExportTemplateSync {
  const wanted = rows ?? (shipped ??= expandTemplates());
  const read = (): StoredRow[] => library.sqlite.prepare(SELECT_STORED).all() as StoredRow[];
  const first = planSync(read(), wanted);
  if (first.inserts.length + first.updates.length + first.deactivations.length === 0) return { inserted: 0, updated: 0, deactivated: 0 };
  return library.transaction(() => {
    // Planned again under the write lock: another process sharing the folder may have synced meanwhile.
    const plan = planSync(read(), wanted);
    const at = now();
    for (let i = 0; i < plan.inserts.length; i += INSERT_BATCH) {
      const batch = plan.inserts.slice(i, i + INSERT_BATCH).map((row) => ({ ...row, isActive: true, createdAt: at, updatedAt: at }));
      library.db.insert(exportTemplates).values(batch).run();
    }
    for (const { id, content: values } of plan.updates) {
      library.db
        .update(exportTemplates)
        .set({ ...values, isActive: true, updatedAt: at })
        .where(eq(exportTemplates.id, id))
        .run();
    }
    for (const id of plan.deactivations) library.db.update(exportTemplates).set({ isActive: false, updatedAt: at }).where(eq(exportTemplates.id, id)).run();
    return { inserted: plan.inserts.length, updated: plan.updates.length, deactivated: plan.deactivations.length };
  });
}

export const ExportTemplateQuerySchema = z
  .object({
    workflowType: z.enum(WORKFLOW_TYPES).optional(),
    platform: PlatformIdSchema.optional(),
    /** Templates a newer data set dropped; off by default. */
    includeInactive: z.boolean().optional(),
  })
  .strict();
export type ExportTemplateQuery = z.input<typeof ExportTemplateQuerySchema>;

function toRecord(row: typeof exportTemplates.$inferSelect): ExportTemplateRecord {
  return {
    id: row.id,
    workflowType: row.workflowType,
    platform: row.platform,
    templateName: row.templateName,
    instructions: row.instructions,
    promptTemplate: row.promptTemplate,
    settings: row.settings,
    assetsRequired: row.assetsRequired ?? [],
    difficulty: row.difficulty,
    estimatedMinutes: row.estimatedMinutes,
    toolsRequired: row.toolsRequired ?? [],
    usageCount: row.usageCount,
    successRate: row.successRate,
    isActive: row.isActive,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** Templates for a workflow type and/or platform; quickest first within each pair. */
export function listExportTemplates(library: Library, query: ExportTemplateQuery = {}): ExportTemplateRecord[] {
  const q = parseInput(ExportTemplateQuerySchema, query, 'template filter');
  const where: SQL[] = [];
  if (q.workflowType) where.push(eq(exportTemplates.workflowType, q.workflowType));
  if (q.platform) where.push(eq(exportTemplates.platform, q.platform));
  if (!q.includeInactive) where.push(eq(exportTemplates.isActive, true));
  return library.db
    .select()
    .from(exportTemplates)
    .where(and(...where))
    .orderBy(asc(exportTemplates.workflowType), asc(exportTemplates.platform), asc(exportTemplates.estimatedMinutes), asc(exportTemplates.templateName))
    .all()
    .map(toRecord);
}
