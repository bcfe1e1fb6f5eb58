import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary, setSetting } from '../../src-main/app/library/index.js';
import { PROVIDER_PREFERENCES_SETTING } from '../../src-main/app/services/open-provider-session.js';
import { startGoogleFake, type GoogleFake } from '../fakes/google-fake.js';
import { runCli } from '../support/cli.js';
import { fixture, tempDir } from '../support/fixtures.js';
import { FAKE_KEY } from '../support/provider-doubles.js';

/**
 * SPEC §2's daily alert on the command line: a render whose cloud photo edit (the Gemini
 * adapter against a fake Gemini on 127.0.0.1, $0.039) takes today's spending past 80 % of
 * a $0.048 cap prints one line on stderr and writes a warn line to the log; the next
 * render, which the cap keeps on this computer, spends nothing and prints none.
 */

const work = tempDir('tp-spend-alert-');
let gemini: GoogleFake;
beforeAll(async () => {
  gemini = await startGoogleFake({ apiKey: FAKE_KEY });
}, 60_000);
afterAll(async () => {
  await gemini.close();
  work.cleanup();
});

describe('tp render and the daily cloud-spending alert', () => {
  it('prints the alert on stderr and logs it when the render crosses 80 % of the cap, and not when it spent nothing', async () => {
    const dataDir = path.join(work.dir, 'data');
    const library = openLibrary({ dataDir });
    setSetting(library, PROVIDER_PREFERENCES_SETTING, { dailyCapUsd: 0.048 });
    library.close();
    const env = { TALKINGPHOTO_DATA_DIR: dataDir, TALKINGPHOTO_GEMINI_IMAGE_API_KEY: FAKE_KEY, TALKINGPHOTO_GEMINI_IMAGE_BASE_URL: gemini.url };
    const render = (out: string) =>
      runCli(['render', '--photo', fixture('portrait-obama.jpg'), '--script', 'Half price this week.', '--out', path.join(work.dir, out), '--size', '256x448', '--no-verify', '--json'], { env });

    const first = await render('out-1');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).providers.used.image).toBe('gemini-image');
    const alerts = first.stderr.split('\n').filter((line) => line.startsWith('Spending alert:'));
    expect(alerts).toEqual([
      "Spending alert: Today's cloud spending is $0.04, 81 % of your $0.05 daily cap: once it is reached, cloud steps are skipped until tomorrow; raise the cap in Settings, Providers if you need more.",
    ]);
    const logged = readFileSync(path.join(dataDir, 'logs', 'talkingphoto.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === 'daily cloud spending alert');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'warn', todaySpentUsd: 0.039, dailyCapUsd: 0.048, percent: 81 });

    const second = await render('out-2');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).providers.used.image).toBe('local');
    expect(second.stderr).not.toContain('Spending alert:');
  }, 240_000);
});
