import { useState, type CSSProperties } from 'react';
import type { ImportedPhoto } from '../../src-shared/ipc/creator-channels.js';
import { formatScore } from '../format.js';
import type { PhotoUrls } from '../stores/create-store.js';

/**
 * The imported photo with every face main found outlined. With several faces each
 * outline is also a button: the pressed one is the face that talks. The photo shows
 * enhanced (what the video is made from) or as taken, with the quality score of each.
 */
export function PhotoFaces({ photo, urls, face, onChooseFace }: { photo: ImportedPhoto; urls: PhotoUrls; face: number; onChooseFace: (index: number) => void }) {
  const [shown, setShown] = useState<'enhanced' | 'original'>('enhanced');
  const { width, height, faces } = photo;
  const several = faces.length > 1;
  const stage = { '--photo-ratio': String(width / height) } as CSSProperties;

  return (
    <figure className="photo-figure">
      <div className="photo-stage" style={stage}>
        <img src={urls[shown]} alt={shown === 'enhanced' ? 'Your photo, enhanced' : 'Your photo as taken'} width={width} height={height} />
        <svg className="face-outlines" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
          {faces.map(({ box }, index) => (
            <rect
              key={index}
              className={index === face ? 'face-outline talking' : 'face-outline'}
              x={box.x * width}
              y={box.y * height}
              width={box.width * width}
              height={box.height * height}
              rx={Math.min(box.width * width, box.height * height) * 0.08}
              vectorEffect="non-scaling-stroke"
            />
          ))}
        </svg>
        {several &&
          faces.map(({ box }, index) => (
            <button
              key={index}
              type="button"
              className="face-button"
              style={{ left: `${box.x * 100}%`, top: `${box.y * 100}%`, width: `${box.width * 100}%`, height: `${box.height * 100}%` }}
              aria-pressed={index === face}
              aria-label={`Face ${index + 1} of ${faces.length}`}
              onClick={() => onChooseFace(index)}
            />
          ))}
        {several && faces[face] && (
          // Beside the button, not in it: a visible word inside would have to start its name (WCAG 2.5.3).
          <span className="face-tag" aria-hidden="true" style={{ left: `${(faces[face].box.x + faces[face].box.width / 2) * 100}%`, top: `${(faces[face].box.y + faces[face].box.height) * 100}%` }}>
            Talks
          </span>
        )}
      </div>
      <figcaption className="photo-caption">
        <span className="photo-quality">
          Photo quality {formatScore(photo.quality.before)} → {formatScore(photo.quality.after)}
        </span>
        <span className="segmented" role="group" aria-label="Show the photo">
          <button type="button" aria-pressed={shown === 'enhanced'} onClick={() => setShown('enhanced')}>
            Enhanced
          </button>
          <button type="button" aria-pressed={shown === 'original'} onClick={() => setShown('original')}>
            As taken
          </button>
        </span>
      </figcaption>
      {several && <p className="hint">{faces.length} faces found: choose the one that talks.</p>}
    </figure>
  );
}
