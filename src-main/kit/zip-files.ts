import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import yazl from 'yazl';

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
      zip.outputStream.on('error', reject).pipe(createWriteStream(part)).on('close', resolve).on('error', reject);
    });
    await rename(part, zipFile);
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
}
