import type { RenderRequest } from '../../../src-shared/render.js';
import { openLibrary, type Library } from '../../app/library/index.js';
import { claimVideo, type VideoClaim } from '../../app/licensing/license.js';

/**
 * `tp render` and `tp demo` under the plan, like the app and `tp batch`: the video counts
 * against this month's allowance in the library of the data folder the CLI uses
 * (TALKINGPHOTO_DATA_DIR or the OS's), and the plan, never a flag, decides the watermark
 * and the provider budget. Over the limit, the app's own PLAN_LIMIT sentence is thrown
 * before anything is read or written.
 */

export interface PlannedRender {
  /** The library the claim is counted in; the provider session records its calls there too. */
  library: Library;
  /** The request with the plan's watermark and tier. */
  request: RenderRequest;
  claim: VideoClaim;
  /** One line for the creator: which plan, how many of the month's videos, whether marked. */
  notice: string | null;
  /** Closes the library; `made: false` gives the video back to the month's allowance first. */
  finish(made: boolean): void;
}

export function planRender(request: RenderRequest, via: 'tp render' | 'tp demo'): PlannedRender {
  // A guest beside the app or host, if one runs: it counts the video and records provider
  // calls (row writes SQLite serialises), and writes its files outside the library.
  const library = openLibrary({ access: 'shared' });
  let claim: VideoClaim;
  try {
    claim = claimVideo(library, via);
  } catch (error) {
    library.close();
    throw error;
  }
  const { license } = claim;
  return {
    library,
    request: { ...request, watermark: license.watermark, tier: license.tier },
    claim,
    notice: planNotice(claim),
    finish: (made) => {
      try {
        if (!made) claim.release();
      } finally {
        library.close();
      }
    },
  };
}

function planNotice({ license, used }: VideoClaim): string | null {
  const name = `${license.tier[0]!.toUpperCase()}${license.tier.slice(1)} plan`;
  const count = license.projectsPerMonth === null ? null : `video ${used} of ${license.projectsPerMonth} this month`;
  const mark = license.watermark ? 'with the small TalkingPhoto mark in the corner (Starter and up have none: Settings, Account in the app)' : null;
  const lines = [license.problem, count === null && mark === null ? null : `${name}: ${[count, mark].filter(Boolean).join(', ')}.`].filter((l): l is string => l !== null);
  return lines.length > 0 ? lines.join('\n') : null;
}
