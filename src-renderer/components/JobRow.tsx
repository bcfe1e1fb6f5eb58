import { formatEta } from '../format.js';
import { stageName } from '../labels.js';
import { isActive, type JobView } from '../stores/jobs-store.js';
import { JobStateBadge } from './Badge.js';

/** `onOpenResult`: where a finished job's project can be opened (not for a deleted one). */
export function JobRow({ job, title, onCancel, onOpenResult }: { job: JobView; title: string; onCancel: () => void; onOpenResult?: () => void }) {
  const percent = job.progress ? Math.floor(job.progress.percent) : null;
  return (
    <li className="job-row">
      <div className="job-main">
        <div className="job-title">
          <h3>{title}</h3>
          <JobStateBadge state={job.state} />
          {job.attempts > 1 && <span className="hint">attempt {job.attempts}</span>}
        </div>
        {job.progress && (
          <div className="job-progress">
            <progress max={100} value={percent ?? undefined} aria-label={`Progress of ${title}`} />
            <p className="job-stage">
              <span>
                {stageName(job.progress.stage)} — {percent}%
              </span>
              <span className="hint">{formatEta(job.progress.etaMs)}</span>
            </p>
            <p className="hint">{job.progress.message}</p>
          </div>
        )}
        {job.state === 'queued' && !job.progress && <p className="hint">Waiting for a free slot.</p>}
        {job.lastError && job.state !== 'completed' && (
          <p className={job.state === 'failed' ? 'error-text' : 'hint'}>{job.state === 'failed' ? job.lastError.message : `Last attempt: ${job.lastError.message}`}</p>
        )}
      </div>
      {isActive(job.state) && (
        <button type="button" onClick={onCancel} disabled={job.cancelling} aria-label={job.cancelling ? `Cancelling ${title}` : `Cancel ${title}`}>
          {job.cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      )}
      {job.state === 'completed' && onOpenResult && (
        <button type="button" onClick={onOpenResult} aria-label={`Open result of ${title}`}>
          Open result
        </button>
      )}
    </li>
  );
}
