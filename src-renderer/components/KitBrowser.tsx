import { useRef, useState, type KeyboardEvent } from 'react';
import { platformName } from '../labels.js';
import type { RenditionView } from '../kit-manifest.js';
import { RenditionPanel } from './RenditionPanel.js';

/**
 * The export kit, one tab per platform (the WAI-ARIA tabs pattern: arrow keys, Home and
 * End move between tabs and show each at once; Tab goes on into the panel). Every panel
 * is in the page for the tabs to point at; only the chosen one is filled, so the other
 * platforms' videos and texts load when asked for.
 */
export function KitBrowser({ renditions, language }: { renditions: RenditionView[]; language: string }) {
  const [chosen, setChosen] = useState(0);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const selected = Math.min(chosen, renditions.length - 1);

  const choose = (index: number): void => {
    setChosen(index);
    tabs.current[index]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const last = renditions.length - 1;
    const next: Record<string, number> = {
      ArrowRight: selected === last ? 0 : selected + 1,
      ArrowLeft: selected === 0 ? last : selected - 1,
      Home: 0,
      End: last,
    };
    if (!(event.key in next)) return;
    event.preventDefault();
    choose(next[event.key]!);
  };

  return (
    <div className="kit-browser">
      <div className="kit-tabs" role="tablist" aria-label="Platforms" onKeyDown={onKeyDown}>
        {renditions.map((rendition, index) => {
          const failed = rendition.checks.filter((check) => !check.ok).length;
          return (
            <button
              key={`${index}-${rendition.platform}`}
              ref={(element) => {
                tabs.current[index] = element;
              }}
              type="button"
              role="tab"
              id={`kit-tab-${index}`}
              aria-selected={index === selected}
              aria-controls={`kit-panel-${index}`}
              tabIndex={index === selected ? 0 : -1}
              className="kit-tab"
              onClick={() => choose(index)}
            >
              {platformName(rendition.platform)}
              {failed > 0 && <span className="tab-flag">{failed === 1 ? '1 issue' : `${failed} issues`}</span>}
            </button>
          );
        })}
      </div>
      {renditions.map((rendition, index) => (
        <div key={`${index}-${rendition.platform}`} role="tabpanel" id={`kit-panel-${index}`} aria-labelledby={`kit-tab-${index}`} className="kit-panel" hidden={index !== selected} tabIndex={0}>
          {index === selected && <RenditionPanel rendition={rendition} language={language} />}
        </div>
      ))}
    </div>
  );
}
