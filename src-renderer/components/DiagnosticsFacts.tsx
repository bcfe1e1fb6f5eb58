import { useEffect, useRef } from 'react';
import type { Machine, RenderFigures, Spend } from '../../src-shared/ipc/diagnostics-channels.js';
import { MONITORING_THRESHOLDS, type MonitoringWarning } from '../../src-shared/monitoring.js';
import { formatDuration } from '../format.js';
import type { BundleState } from '../stores/diagnostics-store.js';

/** The diagnostics screen's figures: this computer, the renders, the cloud cost, the warnings and the bundle. */

function formatBytes(bytes: number): string {
  if (bytes >= 1e12) return `${(bytes / 1e12).toFixed(1)} TB`;
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}

const percent = (value: number): string => `${Math.round(value)} %`;
const dollars = (usd: number): string => `$${usd.toFixed(2)}`;

/** A share with a bar; over its threshold both turn to the warning colour. */
function Share({ value, over }: { value: number; over: number }) {
  const high = value > over;
  return (
    <span className={`share${high ? ' share-high' : ''}`}>
      <span className="share-bar" aria-hidden="true">
        <span style={{ width: `${Math.min(100, Math.max(0, value))}%` }} />
      </span>
      {percent(value)}
    </span>
  );
}

export function MachineFacts({ machine }: { machine: Machine }) {
  return (
    <dl className="facts">
      <dt>Processor</dt>
      <dd>
        {machine.cpuPercent === null ? 'Not measurable here' : <Share value={machine.cpuPercent} over={MONITORING_THRESHOLDS.cpuPercent} />}
        <span className="hint block">
          {machine.cores} cores · load {machine.loadAverage.toFixed(2)}
        </span>
      </dd>
      <dt>Memory</dt>
      <dd>
        <Share value={machine.memory.usedPercent} over={MONITORING_THRESHOLDS.memoryPercent} />
        <span className="hint block">
          {formatBytes(machine.memory.availableBytes)} free of {formatBytes(machine.memory.totalBytes)}
        </span>
      </dd>
      <dt>Library disk</dt>
      {machine.disk ? (
        <dd>
          <Share value={machine.disk.usedPercent} over={MONITORING_THRESHOLDS.diskPercent} />
          <span className="hint block">
            {formatBytes(machine.disk.freeBytes)} free of {formatBytes(machine.disk.totalBytes)}
          </span>
        </dd>
      ) : (
        <dd>Not known on this system</dd>
      )}
    </dl>
  );
}

export function RenderFacts({ renders }: { renders: RenderFigures }) {
  const finished = renders.byState.completed + renders.byState.failed;
  return (
    <dl className="facts">
      <dt>Success rate</dt>
      <dd>
        {renders.successRate === null ? 'No render has finished yet' : percent(renders.successRate * 100)}
        {renders.successRate !== null && (
          <span className="hint block">
            {renders.byState.completed} of {finished} finished renders worked; cancelled ones are not counted
          </span>
        )}
      </dd>
      <dt>Average render time</dt>
      <dd>
        {renders.averageRenderMs === null ? '—' : formatDuration(renders.averageRenderMs)}
        {renders.averagedOver > 0 && <span className="hint block">over the last {renders.averagedOver === 1 ? 'render' : `${renders.averagedOver} renders`}</span>}
      </dd>
    </dl>
  );
}

export function CloudCost({ spend }: { spend: Spend }) {
  return (
    <dl className="facts">
      <dt>Today</dt>
      <dd>
        {dollars(spend.todaySpentUsd)}
        <span className="hint block">{spend.dailyCapUsd > 0 ? `of the ${dollars(spend.dailyCapUsd)} daily cap; you are warned at 80 %` : 'no daily cap: cloud steps are off'}</span>
      </dd>
      <dt>This month</dt>
      <dd>{dollars(spend.monthSpentUsd)}</dd>
    </dl>
  );
}

export function Warnings({ warnings }: { warnings: readonly MonitoringWarning[] }) {
  if (warnings.length === 0) {
    return <p className="notice diagnostics-ok">Nothing needs attention: processor, memory, disk and cloud calls are within their limits.</p>;
  }
  return (
    <section className="panel diagnostics-warnings" aria-labelledby="diag-warnings">
      <h2 id="diag-warnings">Needs attention</h2>
      <ul>
        {warnings.map((warning) => (
          <li key={`${warning.kind}-${warning.message}`}>{warning.message}</li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Where the bundle went; in a browser tab it is downloaded as soon as it is ready. Shown
 * only once asked (an empty box would leave a gap in the screen's column), as a status the
 * screen reader reads out.
 */
export function BundleStatus({ bundle }: { bundle: BundleState }) {
  const link = useRef<HTMLAnchorElement>(null);
  const url = bundle.state === 'ready' ? bundle.url : null;
  useEffect(() => {
    if (url) link.current?.click();
  }, [url]);
  const note = 'attach it to your bug report. Keys, tokens and e-mail addresses are not in it.';
  if (bundle.state === 'saved') {
    return (
      <p className="notice" role="status">
        Diagnostics bundle saved as <code className="path">{bundle.file}</code> ({formatBytes(bundle.bytes)}) and shown in your file manager: {note}
      </p>
    );
  }
  if (bundle.state === 'ready') {
    return (
      <p className="notice" role="status">
        <a ref={link} href={bundle.url} download={bundle.name}>
          Download {bundle.name}
        </a>{' '}
        ({formatBytes(bundle.bytes)}): {note}
      </p>
    );
  }
  if (bundle.state === 'failed') {
    return (
      <p className="error" role="alert">
        {bundle.error.message}
      </p>
    );
  }
  return null;
}
