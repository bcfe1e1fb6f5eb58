import type { Command } from 'commander';
import { isTalkingPhotoError } from '../../../src-shared/errors.js';
import { reportError } from './cli-output.js';

/**
 * `tp diagnostics --out FILE.zip`: the window's "Save diagnostics bundle…" from the
 * command line, made by the same builder. It opens the library as a guest, so it works
 * beside a running app or host, and still writes a bundle when the library cannot be
 * opened at all (that is when one is most wanted).
 */

export function addDiagnosticsCommand(program: Command): void {
  program
    .command('diagnostics')
    .description("write a diagnostics bundle for a bug report: recent logs, versions, settings (no secrets), the last failed job and the library's health")
    .requiredOption('--out <file.zip>', 'where to write the zip')
    .action(async (flags: { out: string }) => {
      process.exitCode = await diagnosticsCommand(flags.out);
    });
}

async function diagnosticsCommand(out: string): Promise<number> {
  try {
    const { checkBundleDestination, writeDiagnosticsBundle } = await import('../../app/diagnostics/diagnostics-bundle.js');
    // Refused before the library is opened: a wrong --out changes nothing anywhere.
    checkBundleDestination(out);
    const { dataFolder, libraryFolder, openLibrary } = await import('../../app/library/index.js');
    const { libraryOpenProblem } = await import('../../app/diagnostics/library-health.js');
    const { findAppRoot } = await import('../host/app-root.js');
    let opened: { library: import('../../app/library/index.js').Library } | { error: string };
    const problem = libraryOpenProblem(libraryFolder());
    if (problem) opened = { error: problem };
    else {
      try {
        opened = { library: openLibrary({ access: 'shared' }) };
      } catch (error) {
        if (!isTalkingPhotoError(error)) throw error;
        opened = { error: error.message };
      }
    }
    try {
      const written = await writeDiagnosticsBundle(out, { dataDir: dataFolder(), library: opened, appVersion: findAppRoot().version, frontDoor: 'cli' });
      process.stdout.write(`Diagnostics bundle: ${written.file} (${(written.bytes / 1024).toFixed(0)} KB, ${written.entries.length} files: ${written.entries.join(', ')})\n`);
      if ('error' in opened) process.stderr.write(`The library could not be opened (${opened.error}); the bundle says so.\n`);
      return 0;
    } finally {
      if ('library' in opened) opened.library.close();
    }
  } catch (error) {
    return reportError(error);
  }
}
