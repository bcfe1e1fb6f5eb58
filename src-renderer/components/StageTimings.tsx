import { formatDuration } from '../format.js';
import { STAGE_NAMES, stageName } from '../labels.js';
import type { RecentTiming } from '../stores/diagnostics-store.js';

/** Stages in running order; any stage a newer engine reports is added after them. */
function stagesOf(timings: readonly RecentTiming[]): string[] {
  const known = Object.keys(STAGE_NAMES);
  const reported = new Set(timings.flatMap((timing) => timing.stages.map((s) => s.stage)));
  return [...known.filter((stage) => reported.has(stage)), ...[...reported].filter((stage) => !known.includes(stage))];
}

/** One row per recent render, one column per stage, the average underneath. */
export function StageTimings({ timings }: { timings: readonly RecentTiming[] }) {
  const stages = stagesOf(timings);
  const ms = (timing: RecentTiming, stage: string): number | null => timing.stages.filter((s) => s.stage === stage).reduce<number | null>((sum, s) => (sum ?? 0) + s.durationMs, null);
  const average = (pick: (timing: RecentTiming) => number | null): string => {
    const values = timings.map(pick).filter((value): value is number => value !== null);
    return values.length === 0 ? '—' : formatDuration(values.reduce((a, b) => a + b, 0) / values.length);
  };
  return (
    <div className="table-scroll">
      <table className="timings">
        <caption className="visually-hidden">Time each step took in the most recent finished videos</caption>
        <thead>
          <tr>
            <th scope="col">Project</th>
            {stages.map((stage) => (
              <th scope="col" key={stage}>
                {stageName(stage)}
              </th>
            ))}
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {timings.map((timing) => (
            <tr key={timing.projectId}>
              <th scope="row">{timing.title}</th>
              {stages.map((stage) => {
                const value = ms(timing, stage);
                return <td key={stage}>{value === null ? '—' : formatDuration(value)}</td>;
              })}
              <td>{formatDuration(timing.totalMs)}</td>
            </tr>
          ))}
        </tbody>
        {timings.length > 1 && (
          <tfoot>
            <tr>
              <th scope="row">Average</th>
              {stages.map((stage) => (
                <td key={stage}>{average((timing) => ms(timing, stage))}</td>
              ))}
              <td>{average((timing) => timing.totalMs)}</td>
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
