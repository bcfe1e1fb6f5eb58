import { app, utilityProcess } from 'electron';
import { registerChildLauncher } from '../../engine/child/child-launcher.js';
import { utilityProcessLauncher } from './utility-launcher.js';

/**
 * Renders and eSpeak run as Electron utility processes in the desktop app: the packaged
 * binary has the RunAsNode fuse off (electron-builder's afterPack hook), so the engine's
 * Node fork would not start there.
 */
export function runChildrenAsUtilityProcesses(): void {
  registerChildLauncher(
    utilityProcessLauncher(
      (modulePath, args, options) => utilityProcess.fork(modulePath, args, options),
      app.whenReady().then(() => undefined),
    ),
  );
}
