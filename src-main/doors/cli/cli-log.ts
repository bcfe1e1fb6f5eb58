import type { Command } from 'commander';
import { openProcessLog } from '../../app/log/process-log.js';
import type { Log } from '../../app/log/logger.js';
import { silentLog } from '../../app/log/logger.js';

/**
 * `tp`'s share of the app's log: every command writes its lines (the engine's stages with
 * their timings among them) to `<data folder>/logs/talkingphoto.log` like the desktop
 * app, and `--verbose` also prints them on stderr, readable, as they happen. stdout
 * stays the command's own answer (a summary, `--json`), so scripts that read it are
 * unaffected.
 */

export const VERBOSE_OPTION = '--verbose';
/**
 * Set for the render processes `tp batch` starts, so their lines (the stages) reach the
 * terminal too: they echo to their stderr, which their parent passes on (render-process.ts).
 */
export const LOG_ECHO_ENV = 'TALKINGPHOTO_LOG_ECHO';

export function addLogging(program: Command): Command {
  let log: Log = silentLog;
  return program
    .option(VERBOSE_OPTION, "also print the log on stderr as it is written (each step and how long it took); it always goes to the data folder's logs/talkingphoto.log")
    .hook('preAction', (_program, action) => {
      const verbose = Boolean(program.opts<{ verbose?: boolean }>().verbose);
      if (verbose) process.env[LOG_ECHO_ENV] = 'readable';
      log = openProcessLog({ process: 'cli', ...(verbose ? { echo: 'readable' as const } : {}) }).child({ module: 'cli' });
      // The options' names only: their values are photos, scripts and folders of the creator's.
      log.info('command started', { command: action.name(), options: Object.keys(action.opts()) });
    })
    .hook('postAction', (_program, action) => {
      log.info('command finished', { command: action.name(), exitCode: typeof process.exitCode === 'number' ? process.exitCode : 0 });
    });
}
