import { ProviderPreferencesSchema, type ProviderPreferencesInput } from '../../../src-shared/provider-preferences.js';
import type { RenderRequest } from '../../../src-shared/render.js';
import { getSetting, LibraryProviderLedger, openLibrary, type Library } from '../library/index.js';
import { readLicense } from '../licensing/license.js';
import { ProviderKeys } from '../../cloud/providers/provider-keys.js';
import { systemKeychain } from '../secrets/secret-store.js';
import type { ProviderSession } from '../../cloud/providers/provider-session.js';

/*
 * Where the cloud router meets the app: the library's ledger (behind the router's
 * ProviderLedger port), the creator's stored chains and the plan they bought go in here,
 * so src-main/cloud/providers/ never imports the library or licensing (tests/architecture/layers.test.ts).
 */

/** Where the app keeps the creator's chains, cap and tier (validated on every read). */
export const PROVIDER_PREFERENCES_SETTING = 'providers.preferences';

export function readProviderPreferences(library: Library): ProviderPreferencesInput {
  const parsed = ProviderPreferencesSchema.safeParse(getSetting(library, PROVIDER_PREFERENCES_SETTING) ?? {});
  // A stored value this version cannot read falls back to the defaults, never to a guess.
  return parsed.success ? parsed.data : {};
}

export interface OpenedSession {
  session: ProviderSession;
  close(): void;
}

/**
 * A session on the library in the data folder; null when the request stays on this
 * computer: `--route local`, or no provider key at all (then every plan is the local
 * engine, and a render need not even open the library). `always` makes one anyway, for a
 * dry run to say why each route would be skipped.
 */
export async function openProviderSession(
  request: Pick<RenderRequest, 'route' | 'noLocal' | 'tier' | 'projectId'>,
  options: { library?: Library; always?: boolean } = {},
): Promise<OpenedSession | null> {
  if (request.route === 'local') return null;
  const keys = await new ProviderKeys(systemKeychain()).present();
  if (keys.size === 0 && !options.always) return null;
  // The router and its adapters load only now: a render with no key stays on this computer
  // without their modules' start-up (about 25 ms of a render's main thread).
  const [{ ProviderSession }, { makeAdapter }] = await Promise.all([import('../../cloud/providers/provider-session.js'), import('../../cloud/providers/adapters/index.js')]);
  const { library } = options;
  // A guest beside the owner (the app or host whose render this is): it records provider
  // calls, and never sweeps tmp/, where the renders' work lives.
  const own = library ?? openLibrary({ access: 'shared' });
  const session = new ProviderSession({
    ledger: new LibraryProviderLedger(own),
    keys,
    makeAdapter,
    preferences: readProviderPreferences(own),
    route: request.route ?? 'auto',
    noLocal: request.noLocal,
    // The plan the creator bought decides the budget and the premium routes; `--tier` may say otherwise on the command line.
    tier: request.tier ?? readLicense(own).tier,
    projectId: request.projectId ?? null,
  });
  return { session, close: () => (library ? undefined : own.close()) };
}
