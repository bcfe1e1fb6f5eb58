import { EntitlementPayloadSchema, type AccountExport } from '../../../src-shared/licensing.js';
import { getSetting, type Library } from '../library/index.js';
import type { ExtraExportFile } from '../library/export-data.js';
import { projectsThisMonth, readLicense, TOKEN_SETTING } from './license.js';

/**
 * The plan and the purchases for "Export all my data": the entitlement this computer keeps
 * (the signed token and what it says), and the licensing service's own record of the
 * account (its purchases and subscription) when signed in. The library cannot make these
 * itself: the plan is licensing's, and the purchases live at the service.
 */

export type AccountRecordAnswer = { record: AccountExport } | { problem: string } | null;

/** The entitlement token's payload as written, whether or not it still verifies (an expired one is still the creator's data). */
function decodePayload(token: string): unknown {
  const [body] = token.split('.');
  if (!body) return null;
  try {
    const parsed = EntitlementPayloadSchema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function licenceExportFiles(library: Library, account: AccountRecordAnswer, now: number = Date.now(), publicKey?: string): ExtraExportFile[] {
  const token = getSetting(library, TOKEN_SETTING);
  const license = readLicense(library, now, publicKey);
  const licence = {
    plan: { tier: license.tier, videosPerMonth: license.projectsPerMonth, watermark: license.watermark, email: license.email, validUntil: license.validUntil, problem: license.problem },
    videosThisMonth: projectsThisMonth(library, now),
    entitlement: typeof token === 'string' && token !== '' ? { token, says: decodePayload(token) } : null,
  };
  const purchases =
    account === null
      ? { signedIn: false, note: 'Not signed in: purchases are kept by the TalkingPhoto account service. Sign in (Settings, Account) and export again to include them.', purchases: [] }
      : 'problem' in account
        ? { signedIn: true, note: `The account service could not be asked for your purchases: ${account.problem}`, purchases: [] }
        : { signedIn: true, subscription: account.record.subscription, purchases: account.record.purchases };
  const files: ExtraExportFile[] = [
    { name: 'licence.json', value: licence, describe: 'your plan on this computer and the signed entitlement it was read from' },
    { name: 'purchases.json', value: purchases, describe: 'your subscription and payments, as the account service keeps them' },
  ];
  if (account && 'record' in account) files.push({ name: 'account.json', value: account.record, describe: 'everything the account service holds about your account' });
  return files;
}
