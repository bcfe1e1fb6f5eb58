import { QUALITY_THRESHOLDS } from '../../src-shared/limits.js';
import type { RenderReport } from '../../src-shared/report.js';
import { formatScore } from '../format.js';

/**
 * A project's quality scores as the render recorded them (report.json `quality`): the
 * photo before and after enhancement, the video and the overall score, each against the
 * spec's threshold.
 */

interface ScoreRow {
  name: string;
  score: number | null;
  threshold: number;
  detail?: string;
}

function scoreRows(report: RenderReport): ScoreRow[] {
  const scores = report.quality.scores;
  const thresholds = scores?.thresholds ?? QUALITY_THRESHOLDS;
  const image = report.quality.image;
  return [
    { name: 'Photo', score: scores?.image ?? image.after, threshold: thresholds.image, detail: `${formatScore(image.before)} before enhancement` },
    { name: 'Video', score: scores?.video ?? null, threshold: thresholds.video },
    { name: 'Overall', score: scores?.overall ?? null, threshold: thresholds.overall },
  ];
}

export function ProjectScores({ report }: { report: RenderReport | null }) {
  if (!report) return <p className="hint">Scores appear once the video is made.</p>;
  const weak = report.quality.scores?.weak ?? [];
  return (
    <>
      <table className="scores">
        <caption className="visually-hidden">Quality scores out of 10</caption>
        <thead>
          <tr>
            <th scope="col">Part</th>
            <th scope="col">Score</th>
            <th scope="col">Needed</th>
          </tr>
        </thead>
        <tbody>
          {scoreRows(report).map((row) => {
            const below = row.score !== null && row.score < row.threshold;
            return (
              <tr key={row.name}>
                <th scope="row">
                  {row.name}
                  {row.detail && <span className="hint"> ({row.detail})</span>}
                </th>
                <td className={below ? 'score below' : 'score'}>
                  {formatScore(row.score)}
                  {below && <span className="visually-hidden"> (below what is needed)</span>}
                </td>
                <td>{formatScore(row.threshold)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {weak.length > 0 && (
        <ul className="weak-points">
          {weak.map((point) => (
            <li key={`${point.step}-${point.part}`}>{point.what}</li>
          ))}
        </ul>
      )}
    </>
  );
}
