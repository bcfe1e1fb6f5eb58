import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { TEST_ENTITLEMENT_PUBLIC_KEY } from './test-entitlement-keys.js';

/**
 * Every test file gets its own data folder, so no test ever opens (or fills) the real
 * library in the home folder; child processes inherit it through the environment.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-data-'));
process.env.TALKINGPHOTO_DATA_DIR = dir;
// Plans are checked against a test service's key (plans.ts), never the shipped one.
process.env.TALKINGPHOTO_ENTITLEMENT_PUBLIC_KEY = TEST_ENTITLEMENT_PUBLIC_KEY;
// No test may reach a real licensing service.
process.env.TALKINGPHOTO_LICENSE_URL ??= 'http://127.0.0.1:9';
afterAll(() => rmSync(dir, { recursive: true, force: true }));
