import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Redactor } from './bundle-redaction.js';

/**
 * The recent logs for the diagnostics bundle: whatever files the logger left in
 * `<data folder>/logs/`, newest first, until a size cap; a file that does not fit whole
 * gives its newest lines. Every line is redacted again on the way out.
 */

/** A few days of a busy machine's JSON lines; a bug report's attachment stays small. */
export const LOG_BYTES_CAP = 4 * 1024 * 1024;

export interface BundledLog {
  name: string;
  text: string;
  /** The file was longer than what is kept: its oldest lines were left out. */
  truncated: boolean;
}

/** The last `bytes` of a file, from the start of a line. */
async function tail(file: string, size: number, bytes: number): Promise<{ text: string; truncated: boolean }> {
  const handle = await open(file, 'r');
  try {
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    let text = buffer.toString('utf8');
    if (length < size) {
      const newline = text.indexOf('\n');
      text = newline === -1 ? '' : text.slice(newline + 1);
    }
    return { text, truncated: length < size };
  } finally {
    await handle.close();
  }
}

export async function recentLogs(logsDir: string, redactor: Redactor, cap = LOG_BYTES_CAP): Promise<BundledLog[]> {
  let names: string[];
  try {
    names = await readdir(logsDir);
  } catch {
    return [];
  }
  const files: Array<{ name: string; size: number; mtimeMs: number }> = [];
  for (const name of names) {
    const info = await stat(path.join(logsDir, name)).catch(() => null);
    if (info?.isFile()) files.push({ name, size: info.size, mtimeMs: info.mtimeMs });
  }
  files.sort((a, b) => b.mtimeMs - a.mtimeMs || a.name.localeCompare(b.name));
  const logs: BundledLog[] = [];
  let left = cap;
  for (const file of files) {
    if (left <= 0) break;
    const read = await tail(path.join(logsDir, file.name), file.size, left).catch(() => null);
    if (!read) continue;
    left -= Math.min(file.size, left);
    logs.push({ name: file.name, text: redactor.lines(read.text), truncated: read.truncated });
  }
  return logs;
}

/** The crash dumps Electron's reporter left (name, size, time), newest first; their contents stay out. */
export async function crashDumpList(folder: string): Promise<Array<{ name: string; bytes: number; at: string }>> {
  let entries;
  try {
    entries = await readdir(folder, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  const dumps = [];
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.dmp')) continue;
    const info = await stat(path.join(entry.parentPath, entry.name)).catch(() => null);
    if (info) dumps.push({ name: entry.name, bytes: info.size, at: info.mtime.toISOString() });
  }
  return dumps.sort((a, b) => b.at.localeCompare(a.at));
}
