import type { PlatformId } from '../../src-shared/platforms.js';
import { PLATFORM_ASPECTS, PLATFORM_IDS, PLATFORM_NAMES } from '../labels.js';

/** The glyph's longer side, in px: big enough to tell 9:16 from 4:5 at a glance. */
const GLYPH = 18;

/** A rectangle at the platform's aspect ratio, so a creator sees the frame each video gets. */
function AspectGlyph({ platform }: { platform: PlatformId }) {
  const { w, h } = PLATFORM_ASPECTS[platform];
  const scale = GLYPH / Math.max(w, h);
  return (
    <span className="aspect-slot" aria-hidden="true">
      <span className="aspect-glyph" style={{ width: `${Math.round(w * scale)}px`, height: `${Math.round(h * scale)}px` }} />
    </span>
  );
}

/** One toggle button per platform the export kit can make a version for. */
export function PlatformToggles({ chosen, onToggle, disabled }: { chosen: readonly PlatformId[]; onToggle: (platform: PlatformId) => void; disabled: boolean }) {
  return (
    <fieldset className="platforms" aria-describedby="platforms-hint">
      <legend>Platforms</legend>
      <p className="hint" id="platforms-hint">
        The export kit makes a ready-to-upload version for each one you pick.
      </p>
      <div className="platform-grid">
        {PLATFORM_IDS.map((id) => {
          const { w, h } = PLATFORM_ASPECTS[id];
          return (
            <button key={id} type="button" className="platform-toggle" aria-pressed={chosen.includes(id)} disabled={disabled} title={`${w}:${h}`} onClick={() => onToggle(id)}>
              <AspectGlyph platform={id} />
              <span>{PLATFORM_NAMES[id]}</span>
            </button>
          );
        })}
      </div>
    </fieldset>
  );
}
