import { useState } from 'react';
import { platformName } from '../labels.js';
import type { GuideView } from '../kit-manifest.js';
import { KitFileLink, KitText } from './KitText.js';

const capitalised = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** "Do it elsewhere": the kit's guides for redoing the shot in a cloud tool, each opened as the plain text it was written as. */
export function KitGuides({ guides }: { guides: GuideView[] }) {
  if (guides.length === 0) return <p className="hint">No cloud-tool guide fits this video’s platforms and type.</p>;
  return (
    <ul className="guide-list">
      {guides.map((guide, index) => (
        <Guide key={`${index}-${guide.id}`} guide={guide} index={index} />
      ))}
    </ul>
  );
}

function Guide({ guide, index }: { guide: GuideView; index: number }) {
  const [open, setOpen] = useState(false);
  const textId = `guide-text-${index}`;
  return (
    <li className="guide">
      <h3>
        {guide.tool}: {guide.templateName}
      </h3>
      <dl className="guide-facts">
        <div>
          <dt>Difficulty</dt>
          <dd>{capitalised(guide.difficulty)}</dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd>about {guide.estimatedMinutes} min</dd>
        </div>
        <div>
          <dt>Tools required</dt>
          <dd>{guide.toolsRequired.length > 0 ? guide.toolsRequired.join(', ') : 'none'}</dd>
        </div>
        {guide.platforms.length > 0 && (
          <div>
            <dt>For</dt>
            <dd>{guide.platforms.map(platformName).join(', ')}</dd>
          </div>
        )}
      </dl>
      <div className="guide-actions">
        <button type="button" aria-expanded={open} aria-controls={textId} onClick={() => setOpen(!open)} disabled={!guide.file}>
          {open ? 'Hide guide' : 'Show guide'}
          <span className="visually-hidden"> for {guide.tool}</span>
        </button>
        {guide.file && (
          <KitFileLink kitFile={guide.file}>
            Download<span className="visually-hidden"> the {guide.tool} guide</span>
          </KitFileLink>
        )}
      </div>
      <div id={textId} hidden={!open}>
        {open && (
          <KitText kitFile={guide.file} what="guide">
            {(text) => (
              // A guide runs to a hundred lines: it scrolls in its own box, which the keyboard can reach.
              <pre className="kit-pre guide-text" tabIndex={0} role="region" aria-label={`${guide.tool} guide`}>
                {text.trimEnd()}
              </pre>
            )}
          </KitText>
        )}
      </div>
    </li>
  );
}
