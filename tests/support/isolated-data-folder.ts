import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/**
 * Every test file gets its own data folder, so no test ever opens (or fills) the real
 * library in the home folder; child processes inherit it through the environment.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-data-'));
process.env.TALKINGPHOTO_DATA_DIR = dir;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
