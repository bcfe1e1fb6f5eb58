import { PROVIDER_CATALOG, PROVIDER_IDS, type ProviderId } from '../../src-shared/providers.js';
import type { RenderReport } from '../../src-shared/report.js';

/**
 * The project's cost breakdown (issue 7): which service made each part and what it cost,
 * and where the router moved on from one, in the sentence it recorded. Nothing when every
 * part was made on this computer.
 */

const nameOf = (id: string): string => ((PROVIDER_IDS as readonly string[]).includes(id) ? PROVIDER_CATALOG[id as ProviderId].displayName : id);

const STEP: Record<string, string> = { image_enhancement: 'Photo', speech: 'Voice', video_generation: 'Video' };

export function CloudCost({ report }: { report: RenderReport | null }) {
  const providers = report?.providers;
  if (!providers || providers.attempts.length === 0) return null;
  return (
    <div className="cloud-cost">
      <h3>Cloud services: ${providers.spentUsd.toFixed(2)}</h3>
      <ul>
        {providers.attempts.map((attempt, index) => (
          <li key={index}>
            {STEP[attempt.capability] ?? attempt.capability}, {nameOf(attempt.provider)}: {attempt.outcome === 'succeeded' ? `$${attempt.chargedUsd.toFixed(2)}` : (attempt.message ?? attempt.outcome)}
          </li>
        ))}
      </ul>
    </div>
  );
}
