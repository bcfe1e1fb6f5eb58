import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/fixtures.js';
import { HostSocket, startHostProcess, type HostProcess } from '../support/host.js';

const work = tempDir('tp-host-twice-');
const hosts: HostProcess[] = [];
afterAll(async () => {
  for (const host of hosts) await host.stop();
  work.cleanup();
});

describe('npm run host, twice on one data folder', () => {
  it('refuses the second with a sentence naming the first, which keeps working', async () => {
    const dataDir = path.join(work.dir, 'data');
    // A window of our own, so neither host spends the test building one.
    const rendererDir = path.join(work.dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>TalkingPhoto</title>');
    const env = { TALKINGPHOTO_DATA_DIR: dataDir, TALKINGPHOTO_RENDERER_DIR: rendererDir };
    const first = await startHostProcess(env);
    hosts.push(first);
    const socket = await HostSocket.open(first);
    const made = await socket.request('projects:list');
    expect(made.ok).toBe(true);

    const refused = await startHostProcess(env).then(
      (second) => (hosts.push(second), null),
      (error: Error) => error.message,
    );
    expect(refused).toContain('the host exited (1) before printing its URL');
    expect(refused).toContain(
      `The host could not start: The project library in ${dataDir} is open in the TalkingPhoto host (npm run host), process ${first.child.pid}: close it first, then try again.`,
    );
    // The first host still owns a working library.
    expect(await socket.request('projects:list')).toMatchObject({ ok: true, value: { total: 0 } });
    socket.close();
  });
});
