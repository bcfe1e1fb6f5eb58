import { TalkingPhotoError } from '../../../src-shared/errors.js';
import type { ProvidersAnswer } from '../../../src-shared/ipc/provider-channels.js';
import { ProviderPreferencesSchema } from '../../../src-shared/provider-preferences.js';
import { PROVIDER_CATALOG, PROVIDER_IDS, type ProviderId } from '../../../src-shared/providers.js';
import { getSetting, LibraryProviderLedger, setSetting, type Library } from '../library/index.js';
import { PROVIDER_PREFERENCES_SETTING, readProviderPreferences } from '../services/open-provider-session.js';
import { ProviderError } from '../../cloud/providers/provider-error.js';
import type { ProviderKeys } from '../../cloud/providers/provider-keys.js';
import { ProviderSession } from '../../cloud/providers/provider-session.js';
import { readLicense } from '../licensing/license.js';
import type { ProviderAdapter } from '../../cloud/providers/provider-types.js';
import type { HandlerMap } from './dispatcher.js';

type ProvidersChannel = 'providers:list' | 'providers:setKey' | 'providers:removeKey' | 'providers:testKey' | 'providers:setPreferences';

/** Which keys passed their test, by provider; cleared when the key changes. Not a secret. */
const VERIFIED_SETTING = 'providers.verified';
const DAY_MS = 86_400_000;
/** The cheapest call still goes over the network: long enough for a slow link, short enough to wait for. */
const KEY_TEST_TIMEOUT_MS = 20_000;

export interface ProvidersServiceOptions {
  library: Library;
  keys: ProviderKeys;
  makeAdapter: (provider: ProviderId, key: string) => ProviderAdapter | null;
  keychainAvailable: boolean;
}

/**
 * What the cloud part of a video would cost before anything is spent (Create screen):
 * each step's first route with the creator's keys, chains and tier, or the local engine.
 */
export async function estimateProviderCost(
  options: Pick<ProvidersServiceOptions, 'library' | 'keys'>,
  input: { scriptChars: number; voiceSeconds: number; speaks: boolean },
): Promise<{ costUsd: number; steps: Array<{ capability: string; provider: string; name: string; costUsd: number }>; budgetUsd: number }> {
  const keys = await options.keys.present();
  const session = new ProviderSession({ ledger: new LibraryProviderLedger(options.library), keys, makeAdapter: () => null, preferences: readProviderPreferences(options.library), projectId: null });
  const steps = [];
  const wanted = [
    { capability: 'image_enhancement' as const, input: { images: 1 } },
    ...(input.speaks ? [{ capability: 'speech' as const, input: { characters: input.scriptChars } }] : []),
    // Without a script to speak the video carries the creator's own recording, which Veo cannot.
    { capability: 'video_generation' as const, input: { videoSeconds: input.voiceSeconds, ...(input.speaks ? {} : { ownRecording: true }) } },
  ];
  for (const step of wanted) {
    const first = session.plan(step.capability, step.input).routes[0];
    const provider = first?.provider ?? 'local';
    steps.push({ capability: step.capability, provider, name: PROVIDER_CATALOG[provider].displayName, costUsd: first?.estimate.usd ?? 0 });
  }
  return { costUsd: steps.reduce((sum, s) => sum + s.costUsd, 0), steps, budgetUsd: session.budget.status().projectBudgetUsd };
}

export function providersHandlers(options: ProvidersServiceOptions): Pick<HandlerMap, ProvidersChannel> {
  const { library, keys } = options;
  const ledger = new LibraryProviderLedger(library);
  const verified = (): Partial<Record<ProviderId, boolean>> => (getSetting(library, VERIFIED_SETTING) as Partial<Record<ProviderId, boolean>> | undefined) ?? {};
  const markVerified = (provider: ProviderId, ok: boolean): void => setSetting(library, VERIFIED_SETTING, { ...verified(), [provider]: ok || undefined });

  const spentSince = (provider: ProviderId, since: number): number =>
    (library.sqlite.prepare('SELECT coalesce(sum(cost_usd), 0) AS usd FROM usage_events WHERE provider = ? AND created_at >= ?').get(provider, since) as { usd: number }).usd;

  const answer = async (): Promise<ProvidersAnswer> => {
    const session = new ProviderSession({ ledger, keys: new Map(), makeAdapter: () => null, preferences: readProviderPreferences(library), tier: readLicense(library).tier, projectId: null });
    const checked = verified();
    const providers = [];
    for (const id of PROVIDER_IDS) {
      const entry = PROVIDER_CATALOG[id];
      const status = entry.needsKey ? await keys.status(id) : null;
      const recent = ledger.recentHealth(id, 20);
      const latencies = library.sqlite.prepare('SELECT latency_ms AS ms FROM provider_health WHERE provider = ? AND latency_ms IS NOT NULL ORDER BY created_at DESC LIMIT 20').all(id) as Array<{
        ms: number;
      }>;
      const sorted = latencies.map((l) => l.ms).sort((a, b) => a - b);
      providers.push({
        id,
        name: entry.displayName,
        capabilities: [...entry.capabilities],
        callable: entry.callable,
        notCallable: entry.callable ? null : (entry.notCallableReason ?? null),
        needsKey: entry.needsKey,
        key: !status?.set ? ('not set' as const) : checked[id] ? ('verified' as const) : ('set' as const),
        keySource: status?.source ?? null,
        circuit: entry.needsKey ? session.health(id).circuit : ('closed' as const),
        price: session.settings.prices[id],
        tiers: [...entry.tiers],
        health: { calls: recent.length, ok: recent.filter((r) => r.ok).length, medianLatencyMs: sorted.length ? sorted[Math.floor(sorted.length / 2)]! : null },
        spent30dUsd: spentSince(id, Date.now() - 30 * DAY_MS),
      });
    }
    const budget = session.budget.status();
    return {
      providers,
      chains: session.settings.chains,
      tier: session.tier,
      dailyCapUsd: session.settings.dailyCapUsd,
      todaySpentUsd: budget.todaySpentUsd,
      projectBudgetUsd: budget.projectBudgetUsd,
      keychain: options.keychainAvailable,
    };
  };

  return {
    'providers:list': answer,
    'providers:setKey': async ({ provider, key }) => {
      await keys.set(provider, key);
      markVerified(provider, false);
      return answer();
    },
    'providers:removeKey': async ({ provider }) => {
      await keys.remove(provider);
      markVerified(provider, false);
      return answer();
    },
    'providers:testKey': async ({ provider }) => {
      const found = await keys.get(provider);
      if (!found) throw new TalkingPhotoError('BAD_OPTION', `No ${PROVIDER_CATALOG[provider].displayName} key is set: paste one first.`);
      const adapter = options.makeAdapter(provider, found.key);
      if (!adapter?.verifyKey) throw new TalkingPhotoError('NOT_SUPPORTED', `${PROVIDER_CATALOG[provider].displayName} has no key to test.`);
      let message: string;
      let ok = false;
      try {
        await adapter.verifyKey({ signal: AbortSignal.timeout(KEY_TEST_TIMEOUT_MS) });
        ok = true;
        message = `${PROVIDER_CATALOG[provider].displayName} accepted the key.`;
      } catch (error) {
        // ProviderError messages are built from the kind and the provider's name only: never the key.
        message = error instanceof ProviderError ? error.message : `${PROVIDER_CATALOG[provider].displayName} could not be reached: check your connection and try again.`;
      }
      markVerified(provider, ok);
      return { ...(await answer()), ok, message };
    },
    'providers:setPreferences': async (change) => {
      const current = readProviderPreferences(library);
      const merged = { ...current, ...change, chains: { ...(current.chains ?? {}), ...(change.chains ?? {}) } };
      const parsed = ProviderPreferencesSchema.safeParse(merged);
      if (!parsed.success) throw new TalkingPhotoError('BAD_OPTION', `That routing choice cannot be kept (${parsed.error.issues[0]?.message ?? 'invalid'}): check it and try again.`);
      setSetting(library, PROVIDER_PREFERENCES_SETTING, parsed.data);
      return answer();
    },
  };
}
