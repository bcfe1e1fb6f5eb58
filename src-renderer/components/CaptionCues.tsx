import { formatCueTime, parseCaptions } from '../caption-text.js';

/** A caption file's cues as lines of plain text with their times; markup in a cue shows as typed. */
export function CaptionCues({ source }: { source: string }) {
  const cues = parseCaptions(source);
  if (cues.length === 0) return <p className="hint">No captions: the video was made from a recording without its words written out.</p>;
  return (
    <ol className="cue-list">
      {cues.map((cue, index) => (
        <li key={index}>
          <span className="cue-time">
            {formatCueTime(cue.startS)}–{formatCueTime(cue.endS)}
          </span>
          <span className="cue-text">{cue.text}</span>
        </li>
      ))}
    </ol>
  );
}
