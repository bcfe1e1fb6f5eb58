/**
 * `tp`, the command line's entry. A render (`tp render`, `tp demo`) runs in a process
 * with the lean allocator the app's render processes get (media/lean-malloc.ts): glibc
 * reads it only as a process starts, so this entry starts that process itself, holding
 * nothing of the engine while it waits (measured at 1080×1920, 10 s: the whole tree's
 * peak 571 → 538 MB). Everything else runs here, in this process.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { LEAN_MALLOC, LEAN_V8_FLAGS, leanMallocEnv } from '../../engine/media/lean-malloc.js';
import { asksForRender } from './render-command.js';

function wantsLeanProcess(argv: readonly string[]): boolean {
  // glibc's variables: elsewhere there is nothing to set.
  return process.platform === 'linux' && asksForRender(argv) && Object.keys(LEAN_MALLOC).some((name) => process.env[name] === undefined);
}

/** Runs this very command line again with the lean allocator, and ends as it ends. */
function runLean(): void {
  // Its own process group: a terminal's Ctrl-C reaches this process only, which passes it
  // on once (twice, the render would be killed before it removes its staging folder).
  const child = spawn(process.execPath, [...LEAN_V8_FLAGS, ...process.execArgv, ...process.argv.slice(1)], { env: leanMallocEnv(), stdio: 'inherit', detached: true });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`Error: the render could not start (${error.message}): try again, and report it if it happens twice.\n`);
    process.exitCode = 1;
  });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? 128 + (signal ? os.constants.signals[signal] : 0);
  });
}

if (wantsLeanProcess(process.argv)) runLean();
// The face model's thread boots as tp-commands.js is first evaluated (face-warm-start.ts);
// a refused command closes it again.
else await (await import('./tp-commands.js')).runTp();
