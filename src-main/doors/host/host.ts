import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { isTalkingPhotoError } from '../../../src-shared/errors.js';
import { createMainServices } from '../../app/ipc/main-services.js';
import { claimLibrary, dataFolder } from '../../app/library/index.js';
import { describeError } from '../../app/log/logger.js';
import { openProcessLog } from '../../app/log/process-log.js';
import { onNoKeychainNotice } from '../../app/secrets/secret-store.js';
import { findAppRoot } from './app-root.js';
import { ensureRendererBuilt } from './renderer-build.js';
import { startHost } from './host-server.js';
import { HostShell } from './host-shell.js';

/**
 * `npm run host`: the app's main-side services in plain Node, for machines without the
 * Electron binary or a display. It serves the built renderer and carries the same IPC
 * contract over a WebSocket on 127.0.0.1. The first stdout line is exactly the URL to
 * open (scripts and tests read it); everything else goes to stderr as JSON lines, and to
 * the data folder's logs/talkingphoto.log like every other process's.
 *
 * PORT: the port to listen on (default 0, a free one). TALKINGPHOTO_RENDERER_DIR: a
 * renderer build other than dist/renderer (which the host builds itself when it is missing
 * or older than src-renderer).
 */

const log = openProcessLog({ process: 'host', echo: 'json' }).child({ module: 'host' });
// stdout carries only the URL; the one-time "no keychain" sentence goes to the log.
onNoKeychainNotice((message) => log.warn(message));

function portFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`PORT must be a whole number from 0 to 65535 (0 picks a free port), not "${value.slice(0, 20)}".\n`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const port = portFromEnv(process.env.PORT);
  const app = findAppRoot();
  const namedDir = process.env.TALKINGPHOTO_RENDERER_DIR;
  const rendererDir = namedDir ? path.resolve(namedDir) : path.join(app.root, 'dist', 'renderer');
  // 256 bits from the OS: the only thing between a web page in the same browser and the engine.
  const token = randomBytes(32).toString('base64url');
  // The library's lease before anything else touches it: a second host (or the app) on
  // this data folder is refused here, before it moves, sweeps or requeues the owner's work.
  // After a damaged library was set aside, the creator restarts with --start-fresh.
  const { library, location } = await claimLibrary({ holder: 'host', startFresh: process.argv.includes('--start-fresh') });
  if (location.problem) log.warn('library move failed', { problem: location.problem });
  // A folder the caller names is theirs to build; the app's own is built when missing or stale
  // (after the library's lease, so a host that may not start builds nothing).
  const rendererStatus = namedDir ? undefined : ensureRendererBuilt(app.root, rendererDir, log);
  const services = createMainServices({ shell: new HostShell(), appVersion: app.version, log, library, home: dataFolder() });
  const host = await startHost({ port, token, rendererDir, rendererStatus, services, log });
  process.stdout.write(`${host.url}\n`);
  log.info('listening', { port: host.port, rendererDir });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    // A running render is cancelled first, so no ffmpeg or eSpeak outlives the host.
    void services
      .shutdown()
      .then(() => host.close())
      .then(() => library.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error('stopping failed', { error: describeError(error) });
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  log.error('the host could not start', { error: describeError(error) });
  process.stderr.write(`The host could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  if (isTalkingPhotoError(error) && error.code === 'LIBRARY_DAMAGED') {
    process.stderr.write('To start a fresh library, run: npm run host -- --start-fresh\n');
  }
  process.exit(1);
});
