import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { isMood, MOODS, MOTION_RANGES, type MotionChoice, type NumericMotionControl } from '../../../src-shared/motion-controls.js';
import type { NewProject } from '../../app/library/index.js';

/** One row of a batch file, numbered as a spreadsheet shows it (header = row 1). */
export interface BatchRow {
  row: number;
  title: string;
  project?: NewProject;
  /** The motion controls this row sets (issue 17); a control left empty is the command line's or the engine's. */
  motion?: MotionChoice;
  /** Why the row cannot become a project, in one sentence. */
  problem?: string;
}

const MOTION_COLUMNS = { expressiveness: 'expressiveness', head_motion: 'headMotion', blink_rate: 'blinkRate' } as const satisfies Record<string, NumericMotionControl>;
const COLUMNS = ['photo', 'script', 'audio', 'language', 'platforms', 'title', 'type', ...Object.keys(MOTION_COLUMNS), 'mood'] as const;

/** What each motion column means, for the sentence a bad value gets. */
const MOTION_MEANING: Record<NumericMotionControl, string> = {
  expressiveness: 'a number from 0 (lips barely move) to 2 (exaggerated), 1 being natural',
  headMotion: 'a number from 0 (still head) to 2 (lively), 1 being natural',
  blinkRate: 'a number of blinks a minute from 0 to 60 (people blink 10 to 25 times a minute)',
};

/** `Head-Motion`, `head motion` and `head_motion` are one column. */
const columnName = (header: string): string =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** The row's motion columns, or the sentence naming the row and column of the first bad value. */
function motionOf(record: Record<string, string>, row: number): { motion?: MotionChoice; problem?: string } {
  const motion: MotionChoice = {};
  for (const [column, control] of Object.entries(MOTION_COLUMNS) as Array<[string, NumericMotionControl]>) {
    const text = record[column];
    if (!text) continue;
    const value = Number(text.replace(',', '.'));
    const { min, max } = MOTION_RANGES[control];
    if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(text) || value < min || value > max) {
      return { problem: `Row ${row}, column ${column}: "${text}" is not ${MOTION_MEANING[control]}.` };
    }
    motion[control] = value;
  }
  const mood = record.mood?.toLowerCase();
  if (mood) {
    if (!isMood(mood)) return { problem: `Row ${row}, column mood: "${record.mood}" is not a mood: use ${MOODS.slice(0, -1).join(', ')} or ${MOODS.at(-1)}.` };
    motion.mood = mood;
  }
  return Object.keys(motion).length ? { motion } : {};
}

/**
 * Reads `photo, script or audio, language, platforms, title` rows (issue 4), with optional
 * motion columns `expressiveness, head_motion, blink_rate, mood` (issue 17). Paths are
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
    records = parse(text, { columns: (header: string[]) => header.map(columnName), skip_empty_lines: true, trim: true, bom: true, relax_column_count: true });
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
    const { motion, problem } = motionOf(record, row);
    if (problem) return { row, title, problem };
    const project = {
      type: (record.type || 'avatar_presentation') as NewProject['type'],
      title: record.title || undefined,
      photoPath: path.resolve(base, photo),
      script,
      audioPath: audio ? path.resolve(base, audio) : undefined,
      language: (record.language || 'en') as NewProject['language'],
      platforms: (record.platforms ?? '').split(/[;|\s,]+/).filter(Boolean) as NewProject['platforms'],
    } satisfies NewProject;
    return { row, title, project, ...(motion ? { motion } : {}) };
  });
}
