import { createWriteStream } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { yazl } from './yazl.js';

/** Every file under `dir`, as sorted forward-slash paths relative to it. */
export async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const name = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? filesUnder(dir, name) : Promise.resolve(entry.isFile() ? [name] : []);
    }),
  );
  return nested.flat().sort();
}

/**
 * Writes a zip of `entries` (name inside the zip → file on disk) to `zipFile`, under a
 * temporary name first, so nobody ever sees half a zip. Video and JPEG are compressed
 * already: deflating them again costs time and saves nothing, so they are stored.
 */
export async function zipFiles(entries: ReadonlyArray<{ name: string; file: string }>, zipFile: string): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) zip.addFile(entry.file, entry.name, { compress: !/\.(mp4|jpe?g)$/iu.test(entry.name) });
  zip.end();
  const part = `${zipFile}.${process.pid}.part`;
  try {
    await new Promise<void>((resolve, reject) => {
      // yazl reports a file it cannot read on the ZipFile, not on its output stream.
      zip.once('error', reject);
      pipeline(zip.outputStream, createWriteStream(part)).then(resolve, reject);
    });
    await rename(part, zipFile);
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
}

/** A zip of everything under `dir`, named by path inside it. */
export async function zipFolder(dir: string, zipFile: string): Promise<void> {
  const names = await filesUnder(dir);
  await zipFiles(
    names.map((name) => ({ name, file: path.join(dir, ...name.split('/')) })),
    zipFile,
  );
}
