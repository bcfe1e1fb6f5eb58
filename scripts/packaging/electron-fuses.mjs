// @ts-check
/**
 * Electron fuses, flipped in the packaged binary (issue 13): no running as plain Node
 * (ELECTRON_RUN_AS_NODE), no NODE_OPTIONS, no --inspect, and the app loaded only from
 * an app.asar whose integrity the binary checks. Together they stop a local program or a
 * shortcut from turning the signed app into a Node that runs someone else's code with
 * the app's keychain entries and permissions. Renders and eSpeak therefore run as
 * Electron utility processes (src-main/doors/electron/utility-launcher.ts).
 */
import path from 'node:path';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { archName } from './media-bundle.mjs';

/** Every fuse we set, and to what. */
export const FUSE_SETTINGS = Object.freeze({
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
});

/**
 * @typedef {{
 *   appOutDir: string,
 *   electronPlatformName: string,
 *   arch: number,
 *   packager: { appInfo: { productFilename: string }, executableName?: string },
 * }} FuseContext
 */

/**
 * The Electron binary electron-builder wrote for this platform.
 * @param {FuseContext} context
 */
export function electronBinaryPath(context) {
  const { productFilename } = context.packager.appInfo;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(context.appOutDir, `${productFilename}.app`);
    case 'win32':
      return path.join(context.appOutDir, `${productFilename}.exe`);
    default:
      // Linux names the executable after the lower-cased product name unless configured.
      return path.join(context.appOutDir, context.packager.executableName ?? productFilename.toLowerCase());
  }
}

/**
 * @param {FuseContext} context
 * @param {(file: string, config: import('@electron/fuses').FuseConfig) => Promise<unknown>} flip
 */
export async function flipAppFuses(context, flip) {
  const platform = context.electronPlatformName;
  const arch = archName(context.arch);
  await flip(electronBinaryPath(context), {
    version: FuseVersion.V1,
    // Flipping a fuse breaks the ad-hoc signature Apple Silicon needs to run the binary at
    // all; electron-builder signs properly afterwards when a certificate is configured.
    resetAdHocDarwinSignature: (platform === 'darwin' || platform === 'mas') && (arch === 'arm64' || arch === 'universal'),
    ...FUSE_SETTINGS,
  });
}
