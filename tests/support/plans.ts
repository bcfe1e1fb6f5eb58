import { signEntitlement } from '../../src-shared/entitlement-token.js';
import { tierRules } from '../../src-shared/licensing.js';
import type { Tier } from '../../src-shared/providers.js';
import type { Library } from '../../src-main/library/index.js';
import { storeEntitlement } from '../../src-main/licensing/license.js';
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
