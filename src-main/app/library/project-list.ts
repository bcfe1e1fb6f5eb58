import type Database from 'better-sqlite3';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import type { WorkflowType } from '../../../src-shared/limits.js';
import type { Library } from './open-library.js';
import { ProjectQuerySchema, parseInput, type ListSort, type ProjectQuery } from './project-input.js';
import { iso, isoOrNull, type ProjectSummary } from './project-record.js';
import type { ProjectStatus } from './schema.js';

/**
 * The library list: search, filters, sort and paging, answered from SQLite alone so it
 * works offline. Plain SQL rather than drizzle's builder: FTS5 MATCH and keyset
 * comparisons on a collated expression are clearer written out.
 */

export interface ProjectPage {
  items: ProjectSummary[];
  /** How many projects match the search and filters, over all pages. */
  total: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Sort keys match the (key, id) indexes in schema.ts, so a page is read straight off an index. */
const SORT_KEY: Record<ListSort, string> = {
  created: 'p.created_at',
  updated: 'p.updated_at',
  title: 'p.title COLLATE NOCASE',
};

/** The trigram index cannot look up anything shorter (SQLite FTS5 docs, "trigram tokenizer"). */
const TRIGRAM = 3;
const MAX_TERMS = 10;
const EXCERPT_CHARS = 160;

interface Cursor {
  sort: ListSort;
  order: 'asc' | 'desc';
  key: number | string;
  id: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.order, cursor.key, cursor.id])).toString('base64url');
}

function staleCursor(detail: string): TalkingPhotoError {
  return new TalkingPhotoError('BAD_OPTION', 'The list position is out of date: go back to the first page and try again.', { detail });
}

function decodeCursor(text: string, sort: ListSort, order: 'asc' | 'desc'): Cursor {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw staleCursor('cursor is not base64url JSON');
  }
  if (!Array.isArray(parts) || parts.length !== 4) throw staleCursor('cursor shape');
  const [s, o, key, id] = parts as unknown[];
  if (s !== sort || o !== order) throw staleCursor(`cursor was made for ${String(s)} ${String(o)}`);
  const keyOk = sort === 'title' ? typeof key === 'string' : typeof key === 'number';
  if (!keyOk || typeof id !== 'string') throw staleCursor('cursor key type');
  return { sort, order, key: key as number | string, id };
}

/** `2026-03-01` is that whole day in the creator's time zone; a full timestamp is exact. */
function dateBound(value: string, end: boolean): { ms: number; inclusive: boolean } {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    return { ms: new Date(y, m - 1, end ? d + 1 : d).getTime(), inclusive: !end };
  }
  return { ms: Date.parse(value), inclusive: true };
}

const likePattern = (term: string): string => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const ftsPhrase = (term: string): string => `"${term.replaceAll('"', '""')}"`;

/** Prepared once per connection and reused: the list is asked for on every keystroke. */
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function prepared(sqlite: Database.Database, text: string): Database.Statement {
  let cache = statements.get(sqlite);
  if (!cache) statements.set(sqlite, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = sqlite.prepare(text)));
  return statement;
}

interface SummaryRow {
  id: string;
  type: WorkflowType;
  status: ProjectStatus;
  title: string;
  script_excerpt: string | null;
  language: string;
  target_duration_s: number | null;
  platforms: string;
  kit_id: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: number;
  updated_at: number;
  completed_at: number | null;
  photo_hash: string;
  photo_path: string;
  photo_mime: string;
  photo_size: number;
  video_hash: string | null;
  video_path: string | null;
  video_mime: string | null;
  video_size: number | null;
}

export function listProjects(library: Library, query: ProjectQuery = {}): ProjectPage {
  const q = parseInput(ProjectQuerySchema, query, 'library search');
  const order = q.order ?? (q.sort === 'title' ? 'asc' : 'desc');
  const where: string[] = [];
  const params: Array<string | number> = [];

  const terms = (q.search ?? '').trim().split(/\s+/).filter(Boolean).slice(0, MAX_TERMS);
  const indexed = terms.filter((t) => [...t].length >= TRIGRAM);
  if (indexed.length > 0) {
    where.push('p.seq IN (SELECT rowid FROM project_search WHERE project_search MATCH ?)');
    params.push(indexed.map(ftsPhrase).join(' AND '));
  }
  for (const term of terms.filter((t) => [...t].length < TRIGRAM)) {
    where.push("(p.title LIKE ? ESCAPE '\\' OR p.script LIKE ? ESCAPE '\\' OR p.description LIKE ? ESCAPE '\\')");
    const pattern = likePattern(term);
    params.push(pattern, pattern, pattern);
  }
  if (q.status?.length) {
    where.push('p.status IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(q.status));
  }
  if (q.type?.length) {
    where.push('p.type IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(q.type));
  }
  if (q.platform !== undefined) {
    where.push('EXISTS (SELECT 1 FROM json_each(p.platforms) WHERE value = ?)');
    params.push(q.platform);
  }
  if (q.createdFrom !== undefined) {
    const from = dateBound(q.createdFrom, false);
    where.push('p.created_at >= ?');
    params.push(from.ms);
  }
  if (q.createdTo !== undefined) {
    const to = dateBound(q.createdTo, true);
    where.push(to.inclusive ? 'p.created_at <= ?' : 'p.created_at < ?');
    params.push(to.ms);
  }

  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const { total } = prepared(library.sqlite, `SELECT count(*) AS total FROM projects p ${filter}`).get(...params) as { total: number };

  const key = SORT_KEY[q.sort];
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  const pageWhere = [...where];
  const pageParams = [...params];
  if (q.cursor !== undefined) {
    const cursor = decodeCursor(q.cursor, q.sort, order);
    const after = order === 'asc' ? '>' : '<';
    pageWhere.push(`(${key} ${after} ? OR (${key} = ? AND p.id ${after} ?))`);
    pageParams.push(cursor.key, cursor.key, cursor.id);
  }
  const rows = prepared(
    library.sqlite,
    `SELECT p.id, p.type, p.status, p.title, substr(p.script, 1, ${EXCERPT_CHARS}) AS script_excerpt, p.language,
            p.target_duration_s, p.platforms, p.kit_id, p.error_code, p.error_message,
            p.created_at, p.updated_at, p.completed_at,
            ph.hash AS photo_hash, ph.path AS photo_path, ph.mime AS photo_mime, ph.size AS photo_size,
            v.hash AS video_hash, v.path AS video_path, v.mime AS video_mime, v.size AS video_size
       FROM projects p
       JOIN assets ph ON ph.hash = p.photo_asset
       LEFT JOIN assets v ON v.hash = p.video_asset
       ${pageWhere.length > 0 ? `WHERE ${pageWhere.join(' AND ')}` : ''}
      ORDER BY ${key} ${direction}, p.id ${direction}
      LIMIT ?`,
  ).all(...pageParams, q.limit + 1) as SummaryRow[];

  const items = rows.slice(0, q.limit).map(toSummary);
  const last = items.at(-1);
  const lastRow = rows[q.limit - 1];
  const nextCursor =
    rows.length > q.limit && last && lastRow
      ? encodeCursor({ sort: q.sort, order, key: q.sort === 'title' ? lastRow.title : q.sort === 'created' ? lastRow.created_at : lastRow.updated_at, id: last.id })
      : null;
  return { items, total, nextCursor };
}

function toSummary(row: SummaryRow): ProjectSummary {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    title: row.title,
    scriptExcerpt: row.script_excerpt,
    language: row.language,
    targetDurationS: row.target_duration_s,
    platforms: JSON.parse(row.platforms) as string[],
    photo: { hash: row.photo_hash, path: row.photo_path, mime: row.photo_mime, size: row.photo_size },
    video: row.video_hash === null || row.video_path === null ? null : { hash: row.video_hash, path: row.video_path, mime: row.video_mime ?? 'video/mp4', size: row.video_size ?? 0 },
    hasKit: row.kit_id !== null,
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    completedAt: isoOrNull(row.completed_at),
  };
}
