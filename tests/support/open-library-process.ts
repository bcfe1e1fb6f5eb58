/**
 * Test helper: another process opening a library, the way a second app, host or CLI
 * command would. Prints one JSON line ({ ok, code, message, tmp }) and exits 0, or 3 when
 * refused. `hold` keeps an owned library open until stdin closes (or the test kills it).
 */
import { existsSync, readdirSync } from 'node:fs';
import { isTalkingPhotoError } from '../../src-shared/errors.js';
import { openLibrary, type LibraryAccess } from '../../src-main/app/library/index.js';

const [dataDir, access = 'owner', hold] = process.argv.slice(2) as [string, LibraryAccess?, string?];
try {
  const library = openLibrary({ dataDir, access, holder: 'host' });
  const tmp = existsSync(library.paths.tmp) ? readdirSync(library.paths.tmp) : [];
  console.log(JSON.stringify({ ok: true, access: library.access, tmp }));
  if (hold === 'hold') {
    process.stdin.resume();
    process.stdin.on('end', () => {
      library.close();
      process.exit(0);
    });
  } else {
    library.close();
  }
} catch (error) {
  console.log(JSON.stringify({ ok: false, code: isTalkingPhotoError(error) ? error.code : 'UNEXPECTED', message: (error as Error).message }));
  process.exitCode = 3;
}
