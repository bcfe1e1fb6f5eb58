import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTalkingPhotoError } from '../../../src-shared/errors.js';
import { REPO_ROOT } from '../../../tests/support/fixtures.js';
import { entitlementFor, grantPlan, TEST_ENTITLEMENT_PUBLIC_KEY } from '../../../tests/support/plans.js';
import { tempLibrary, type TempLibrary } from '../../../tests/library/library-fixtures.js';
import { setSetting } from '../library/index.js';
import { claimVideo, entitlementPublicKey, projectsThisMonth, readLicense, setPackagedApp } from './license.js';

let t: TempLibrary;
beforeEach(() => {
  t = tempLibrary();
});
afterEach(() => t.cleanup());

const SHIPPED_KEY = readFileSync(path.join(REPO_ROOT, 'resources/licensing/entitlement-public.pem'), 'utf8');

describe('the entitlement key', () => {
  it('a packaged app ignores TALKINGPHOTO_ENTITLEMENT_PUBLIC_KEY and checks plans with the key it ships', () => {
    const env = { TALKINGPHOTO_ENTITLEMENT_PUBLIC_KEY: TEST_ENTITLEMENT_PUBLIC_KEY };
    expect(entitlementPublicKey(env, false)).toBe(TEST_ENTITLEMENT_PUBLIC_KEY.trim());
    expect(entitlementPublicKey(env, true)).toBe(SHIPPED_KEY);
  });

  it('once the Electron door says it is packaged, a plan signed with another key is the free plan, and children no longer inherit the variable', () => {
    // A Pro plan signed by a key that is not the service's, as someone forging one would.
    setSetting(t.library, 'licensing.entitlement', entitlementFor('pro'));
    expect(readLicense(t.library).tier).toBe('pro');
    const env = process.env;
    try {
      setPackagedApp(true);
      expect(env.TALKINGPHOTO_ENTITLEMENT_PUBLIC_KEY).toBeUndefined();
      // Set again after start-up (a child's copy, a debugger): still ignored.
      env.TALKINGPHOTO_ENTITLEMENT_PUBLIC_KEY = TEST_ENTITLEMENT_PUBLIC_KEY;
      const license = readLicense(t.library);
      expect(license).toMatchObject({ tier: 'free', watermark: true, projectsPerMonth: 3 });
      expect(license.problem).toMatch(/not valid/);
    } finally {
      setPackagedApp(false);
      env.TALKINGPHOTO_ENTITLEMENT_PUBLIC_KEY = TEST_ENTITLEMENT_PUBLIC_KEY;
    }
    expect(readLicense(t.library).tier).toBe('pro');
  });
});

describe('claimVideo (tp render and tp demo)', () => {
  it('counts each video against the free plan, refuses the fourth with the app’s sentence, and gives back a video that was not made', () => {
    const first = claimVideo(t.library, 'tp render');
    expect(first).toMatchObject({ used: 1, license: { tier: 'free', watermark: true } });
    claimVideo(t.library, 'tp render');
    const third = claimVideo(t.library, 'tp demo');
    expect(third.used).toBe(3);
    let refusal: unknown;
    try {
      claimVideo(t.library, 'tp render');
    } catch (error) {
      refusal = error;
    }
    expect(isTalkingPhotoError(refusal) && refusal.code).toBe('PLAN_LIMIT');
    expect((refusal as Error).message).toMatch(/^Your free plan's 3 videos for this month are made: upgrade in Settings, Account/);
    expect(projectsThisMonth(t.library)).toBe(3);

    third.release();
    third.release();
    expect(projectsThisMonth(t.library)).toBe(2);
    expect(claimVideo(t.library, 'tp render').used).toBe(3);
  });

  it('a paid plan without the mark still counts; an unlimited one is never refused', () => {
    grantPlan(t.library, 'starter');
    expect(claimVideo(t.library, 'tp render')).toMatchObject({ used: 1, license: { tier: 'starter', watermark: false, projectsPerMonth: 30 } });
    grantPlan(t.library, 'pro');
    for (let i = 0; i < 40; i++) claimVideo(t.library, 'tp render');
    expect(projectsThisMonth(t.library)).toBe(41);
  });
});
