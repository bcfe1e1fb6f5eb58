import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLog } from '../../src-main/app/log/logger.js';
import { logFile } from '../../src-main/app/log/log-paths.js';
import { openProcessLog, useProcessLog } from '../../src-main/app/log/process-log.js';
import { WorkerClient } from '../../src-main/engine/workers/worker-client.js';

afterEach(() => useProcessLog(silentLog));

describe('a worker thread', () => {
  it('that fails rejects the waiting request and leaves a line in the process log naming the worker', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-worker-'));
    // A worker module that dies as it loads (a wasm model that cannot start, say).
    writeFileSync(path.join(dir, 'broken-model.ts'), "throw new Error('the model could not load');\n");
    openProcessLog({ process: 'render', dataDir: dir });
    const client = new WorkerClient<string, string>(pathToFileURL(path.join(dir, 'broken-model')));
    await expect(client.call('hello')).rejects.toThrow(/the model could not load/);
    await client.close();
    const lines = readFileSync(logFile(dir), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', module: 'workers', msg: 'worker thread failed', worker: 'broken-model' }));
    expect(String(lines.find((line) => line.msg === 'worker thread failed')?.error)).toMatch(/the model could not load/);
  });
});
