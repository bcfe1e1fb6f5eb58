import { signEntitlement } from '../../src-shared/entitlement-token.js';
import { tierRules } from '../../src-shared/licensing.js';
import type { Tier } from '../../src-shared/providers.js';
import { openLibrary, type Library } from '../../src-main/app/library/index.js';
import { storeEntitlement } from '../../src-main/app/licensing/license.js';
import { TEST_ENTITLEMENT_PRIVATE_KEY, TEST_ENTITLEMENT_PUBLIC_KEY } from './test-entitlement-keys.js';

/**
 * A test licensing service's key pair. isolated-data-folder.ts points every test (and
 * the hosts and CLIs they start) at its public key, so a test can give a library a plan
 * the app verifies exactly as it verifies the real service's.
 */
export { TEST_ENTITLEMENT_PRIVATE_KEY, TEST_ENTITLEMENT_PUBLIC_KEY };

export function entitlementFor(tier: Tier, options: { now?: number; days?: number; email?: string } = {}): string {
  const now = options.now ?? Date.now();
  return signEntitlement(
    {
      v: 1,
      sub: 'test-user',
      email: options.email ?? 'maya@example.com',
      ...tierRules(tier),
      issuedAt: new Date(now).toISOString(),
      validUntil: new Date(now + (options.days ?? 30) * 86_400_000).toISOString(),
    },
    TEST_ENTITLEMENT_PRIVATE_KEY,
  );
}

/** The library now holds a `tier` plan, as if its account had bought one. */
export function grantPlan(library: Library, tier: Tier): void {
  storeEntitlement(library, entitlementFor(tier), Date.now(), TEST_ENTITLEMENT_PUBLIC_KEY);
}

/**
 * The library in `dataDir` (this test file's own data folder by default) holds a `tier`
 * plan, for the CLIs and hosts a test starts on it: `tp render` counts every video against
 * the plan of the data folder it uses, so a file that renders more than the free plan's
 * three, or compares unmarked frames, says which plan it renders on.
 */
export function grantPlanInDataFolder(tier: Tier, dataDir: string = process.env.TALKINGPHOTO_DATA_DIR!): void {
  // A guest connection: it may run beside a host that owns the library.
  const library = openLibrary({ dataDir, access: 'shared' });
  try {
    grantPlan(library, tier);
  } finally {
    library.close();
  }
}
