import type { JobState, ProjectStatus } from '../../src-shared/library.js';
import { JOB_STATE_NAMES, PROJECT_STATUS_NAMES } from '../labels.js';

/** Colour only repeats the word: the status is always written out. */
const TONE: Record<ProjectStatus | JobState, 'neutral' | 'busy' | 'good' | 'bad'> = {
  pending: 'neutral',
  queued: 'neutral',
  processing: 'busy',
  running: 'busy',
  completed: 'good',
  failed: 'bad',
  cancelled: 'neutral',
};

export function ProjectStatusBadge({ status }: { status: ProjectStatus }) {
  return <span className={`badge tone-${TONE[status]}`}>{PROJECT_STATUS_NAMES[status]}</span>;
}

export function JobStateBadge({ state }: { state: JobState }) {
  return <span className={`badge tone-${TONE[state]}`}>{JOB_STATE_NAMES[state]}</span>;
}
