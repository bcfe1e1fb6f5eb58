/** A test licensing service's Ed25519 key pair (see plans.ts); kept apart so the setup file loads nothing else. */
export const TEST_ENTITLEMENT_PRIVATE_KEY = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIO2j/urE82sbQDQO5sDMuAO1DFbxBiKw2lW9BrZG8kzo\n-----END PRIVATE KEY-----\n';
export const TEST_ENTITLEMENT_PUBLIC_KEY = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAkl7jNHB/9SqJMiajxBB64GmkBvbZBNpSnNv5fO72NNY=\n-----END PUBLIC KEY-----\n';
