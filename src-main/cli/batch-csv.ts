import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { TalkingPhotoError } from '../../src-shared/errors.js';
import type { NewProject } from '../library/index.js';

/** One row of a batch file, numbered as a spreadsheet shows it (header = row 1). */
export interface BatchRow {
  row: number;
  title: string;
  project?: NewProject;
  /** Why the row cannot become a project, in one sentence. */
  problem?: string;
}

const COLUMNS = ['photo', 'script', 'audio', 'language', 'platforms', 'title', 'type'] as const;

/**
 * Reads `photo, script or audio, language, platforms, title` rows (issue 4). Paths are
 * relative to the CSV's folder; platforms are separated by `;`, `|` or spaces. A bad row
 * gets a reason and the others go on.
 */
export async function readBatchFile(file: string): Promise<BatchRow[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new TalkingPhotoError('FILE_NOT_FOUND', `Cannot read the batch file ${file}: check the path.`);
  }
  let records: Array<Record<string, string>>;
  try {
    records = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, relax_column_count: true });
  } catch (error) {
    throw new TalkingPhotoError('BAD_OPTION', `The batch file is not valid CSV (${(error as Error).message}): save it again as CSV with a header row.`);
  }
  const first = records[0];
  if (!first || !('photo' in first)) {
    throw new TalkingPhotoError('BAD_OPTION', `The batch file needs a header row with at least "photo" and "script" or "audio" columns (known columns: ${COLUMNS.join(', ')}).`);
  }
  const base = path.dirname(path.resolve(file));
  return records.map((record, index) => {
    const row = index + 2;
    const title = record.title || `Row ${row}`;
    const photo = record.photo;
    const script = record.script || undefined;
    const audio = record.audio || undefined;
    if (!photo) return { row, title, problem: 'The photo column is empty: add the path of a portrait photo.' };
    if (!script && !audio) return { row, title, problem: 'Give a script or an audio file for this row.' };
    if (script && audio) return { row, title, problem: 'Give either a script or an audio file for this row, not both.' };
    const project = {
      type: (record.type || 'avatar_presentation') as NewProject['type'],
      title: record.title || undefined,
      photoPath: path.resolve(base, photo),
      script,
      audioPath: audio ? path.resolve(base, audio) : undefined,
      language: (record.language || 'en') as NewProject['language'],
      platforms: (record.platforms ?? '').split(/[;|\s,]+/).filter(Boolean) as NewProject['platforms'],
    } satisfies NewProject;
    return { row, title, project };
  });
}
