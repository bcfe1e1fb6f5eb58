import { useState } from 'react';
import { Icon } from './Icon.js';

/**
 * A project's picture on its card: decorative beside the title, so hidden from assistive
 * technology. A file that does not load (deleted meanwhile) leaves the portrait outline.
 */
export function ProjectThumb({ url }: { url: string | null }) {
  const [broken, setBroken] = useState<string | null>(null);
  return (
    <div className="thumb" aria-hidden="true">
      {url && broken !== url ? <img src={url} alt="" loading="lazy" onError={() => setBroken(url)} /> : <Icon name="portrait" size={40} />}
    </div>
  );
}
