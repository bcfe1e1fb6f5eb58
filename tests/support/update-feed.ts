import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type RequestOptions, type Server } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js';

/**
 * A release folder served over HTTP on 127.0.0.1, laid out as electron-builder writes it
 * (`latest*.yml` beside the installers), and an installed app's side of it (its
 * app-update.yml, userData and cache folders) for electron-updater's own updater classes
 * to run against in plain Node.
 */

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { dump(value: unknown): string };
const { ElectronHttpExecutor } = require('electron-updater/out/electronHttpExecutor') as typeof import('electron-updater/out/electronHttpExecutor.js');

export interface FeedServer {
  url: string;
  /** Paths requested, in order. */
  requests: string[];
  /** Serves `bytes` at `/name`. */
  put(name: string, bytes: Buffer | string): void;
  /** An installer named `file` for `version`, and the feed file naming it; `publishedSha512` overrides the true checksum. */
  release(input: { feedFile: string; version: string; file: string; bytes: Buffer; publishedSha512?: string }): void;
  close(): Promise<void>;
}

export const sha512Base64 = (bytes: Buffer): string => createHash('sha512').update(bytes).digest('base64');

export async function startFeedServer(): Promise<FeedServer> {
  const files = new Map<string, Buffer>();
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(pathname);
    const body = files.get(pathname);
    if (!body) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the feed server has no port');
  const put = (name: string, bytes: Buffer | string): void => {
    files.set(`/${name}`, Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
  };
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    put,
    release({ feedFile, version, file, bytes, publishedSha512 }) {
      put(file, bytes);
      const sha512 = publishedSha512 ?? sha512Base64(bytes);
      // electron-builder's latest*.yml: the files list, and the legacy path/sha512 pair.
      put(feedFile, yaml.dump({ version, files: [{ url: file, sha512, size: bytes.length }], path: file, sha512, releaseDate: '2026-12-01T10:00:00.000Z' }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An installed TalkingPhoto as electron-updater sees it, with app-update.yml pointing at `feedUrl`. */
export function installedApp(dir: string, input: { version: string; feedUrl: string; publisherName?: string }): AppAdapter & { cacheDir: string } {
  mkdirSync(dir, { recursive: true });
  const appUpdateConfigPath = path.join(dir, 'resources', 'app-update.yml');
  mkdirSync(path.dirname(appUpdateConfigPath), { recursive: true });
  // As electron-builder writes it from electron-builder.yml's publish block (tests/packaging/builder-config.test.ts).
  writeFileSync(
    appUpdateConfigPath,
    yaml.dump({ provider: 'generic', url: input.feedUrl, updaterCacheDirName: 'talkingphoto-updater', ...(input.publisherName ? { publisherName: [input.publisherName] } : {}) }),
  );
  const baseCachePath = path.join(dir, 'cache');
  return {
    version: input.version,
    name: 'TalkingPhoto',
    isPackaged: true,
    appUpdateConfigPath,
    userDataPath: path.join(dir, 'user-data'),
    baseCachePath,
    cacheDir: path.join(baseCachePath, 'talkingphoto-updater'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
}

/**
 * electron-updater's own HTTP executor (its download, redirect, checksum and cancellation
 * code) with one change: requests go out through Node's http instead of Electron's `net`,
 * which needs Electron.
 */
export class LocalHttpExecutor extends ElectronHttpExecutor {
  override createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ReturnType<InstanceType<typeof ElectronHttpExecutor>['createRequest']> {
    // Node's ClientRequest has what the library calls on it (on, end, abort, setHeader), not Electron's extras.
    return request(options, callback) as unknown as ReturnType<InstanceType<typeof ElectronHttpExecutor>['createRequest']>;
  }
}
