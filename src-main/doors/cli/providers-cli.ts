import { CAPABILITIES, PROVIDER_CATALOG, PROVIDER_IDS, type Capability } from '../../../src-shared/providers.js';
import type { RenderRequest } from '../../../src-shared/render.js';
import { LibraryProviderLedger, openLibrary } from '../../app/library/index.js';
import { openProviderSession, readProviderPreferences } from '../../app/services/open-provider-session.js';
import { estimateInputFor, expectedSpeechSeconds } from '../../cloud/providers/cost-estimate.js';
import { ProviderKeys } from '../../cloud/providers/provider-keys.js';
import { systemKeychain } from '../../app/secrets/secret-store.js';
import { ProviderSession } from '../../cloud/providers/provider-session.js';
import type { RoutePlan } from '../../cloud/providers/route-plan.js';

/**
 * The CLI's side of the cloud providers: `tp providers`, and `render --route --tier
 * --no-local --dry-run`. Keys come from the keychain or TALKINGPHOTO_<PROVIDER>_API_KEY;
 * every attempt is recorded in the library's ledger, like the app's.
 */

const usd = (n: number): string => `$${n.toFixed(n < 1 ? 3 : 2)}`;

/** `tp providers`: each provider, whether its key is set, its circuit, its headroom and its price. */
export async function listProviders(json: boolean): Promise<number> {
  const keys = new ProviderKeys(systemKeychain());
  // Listing only reads: it may run while the app owns the library.
  const library = openLibrary({ access: 'shared' });
  try {
    const session = new ProviderSession({ ledger: new LibraryProviderLedger(library), keys: new Map(), makeAdapter: () => null, preferences: readProviderPreferences(library), projectId: null });
    const rows = [];
    for (const id of PROVIDER_IDS) {
      const entry = PROVIDER_CATALOG[id];
      const key = entry.needsKey ? await keys.status(id) : null;
      const health = session.health(id);
      rows.push({
        id,
        name: entry.displayName,
        capabilities: entry.capabilities,
        callable: entry.callable,
        ...(entry.callable ? {} : { why: entry.notCallableReason ?? null }),
        key: key === null ? 'not needed' : key.set ? `set (${key.source})` : 'not set',
        circuit: entry.needsKey ? health.circuit : 'n/a',
        headroom: health.headroom ? `${health.headroom.remaining}/${health.headroom.limit} per ${Math.round(health.headroom.windowMs / 60_000)} min` : 'unlimited',
        price: `${usd(session.settings.prices[id].usdPerUnit)} per ${session.settings.prices[id].unit}`,
        tiers: entry.tiers,
      });
    }
    if (json) {
      process.stdout.write(JSON.stringify({ tier: session.tier, dailyCapUsd: session.settings.dailyCapUsd, budget: session.budget.status(), providers: rows }, null, 2) + '\n');
      return 0;
    }
    const lines = rows.map((r) =>
      r.callable
        ? `${r.id.padEnd(13)} ${r.name.padEnd(40)} key ${r.key.padEnd(20)} circuit ${String(r.circuit).padEnd(9)} ${r.headroom.padEnd(22)} ${r.price}`
        : `${r.id.padEnd(13)} ${r.name.padEnd(40)} not callable: ${r.why}`,
    );
    const budget = session.budget.status();
    lines.push('', `Plan ${session.tier}: up to ${usd(budget.projectBudgetUsd)} a video; today ${usd(budget.todaySpentUsd)} of the ${usd(budget.dailyCapUsd)} daily cap spent.`);
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } finally {
    library.close();
  }
}

/** The inputs each step bills by, from the request alone (nothing is read or spoken). */
function plannedInputs(request: RenderRequest): Array<{ capability: Capability; input: ReturnType<typeof estimateInputFor> }> {
  const seconds = request.script !== undefined ? expectedSpeechSeconds(request.script) : 10;
  return ROUTED_STEPS.filter((c) => c !== 'speech' || request.script !== undefined).map((capability) => ({
    capability,
    input:
      capability === 'image_enhancement'
        ? { images: 1 }
        : capability === 'speech'
          ? { characters: [...(request.script ?? '')].length }
          : { videoSeconds: seconds, ...(request.script === undefined ? { ownRecording: true } : {}) },
  }));
}

/** The steps a render routes: photo, voice (a script's, not a recording's) and the talking video. */
export const ROUTED_STEPS: readonly Capability[] = CAPABILITIES;

const WORDS: Record<Capability, string> = { image_enhancement: 'Photo', speech: 'Voice', video_generation: 'Video' };

/** `render --dry-run`: the route each step would take and what it would cost; spends nothing. */
export async function dryRun(request: RenderRequest, json: boolean): Promise<number> {
  const opened = await openProviderSession(request, { always: true });
  try {
    const plans: RoutePlan[] = opened ? plannedInputs(request).map(({ capability, input }) => opened.session.plan(capability, input)) : [];
    const total = plans.reduce((sum, p) => sum + p.estimateUsd, 0);
    if (json) {
      process.stdout.write(JSON.stringify({ route: request.route ?? 'auto', estimateUsd: total, plans: opened?.session.report().plans ?? [] }, null, 2) + '\n');
      return 0;
    }
    const lines = ['Dry run: nothing is called and nothing is spent.'];
    if (!opened) lines.push('Every step runs on this computer (--route local): free.');
    for (const plan of plans) {
      const first = plan.routes[0];
      lines.push(
        `${WORDS[plan.capability]}: ${first ? `${PROVIDER_CATALOG[first.provider].displayName} (${usd(first.estimate.usd)})` : 'no route can do it'}${
          plan.routes.length > 1
            ? `, then ${plan.routes
                .slice(1)
                .map((r) => PROVIDER_CATALOG[r.provider].displayName)
                .join(', then ')}`
            : ''
        }`,
      );
      for (const skip of plan.skipped) lines.push(`  skipped ${PROVIDER_CATALOG[skip.provider].displayName}: ${skip.message}`);
    }
    if (opened) lines.push(`Estimated cost: ${usd(total)} (plan ${opened.session.tier}, up to ${usd(opened.session.budget.status().projectBudgetUsd)} a video).`);
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } finally {
    opened?.close();
  }
}
