import { useEffect } from 'react';
import { useStore } from 'zustand';
import { JobRow } from '../components/JobRow.js';
import { ScreenHeader } from '../components/ScreenHeader.js';
import { SpendAlertBanner } from '../components/SpendAlertBanner.js';
import { useStores } from '../stores/app-stores.js';
import { isActive, type JobView } from '../stores/jobs-store.js';

/** Running first, then waiting: the order the queue will get to them. */
const byQueueOrder = (a: JobView, b: JobView): number => Number(b.state === 'running') - Number(a.state === 'running') || b.priority - a.priority;

/** The render queue, live: each job's stage, percent and time left, with Cancel. */
export function QueueScreen() {
  const { jobs, navigation } = useStores();
  const state = useStore(jobs);

  useEffect(() => {
    void jobs.getState().load();
  }, [jobs]);

  const now = state.jobs.filter((job) => isActive(job.state)).sort(byQueueOrder);
  // Newest finished first; the list comes oldest first.
  const finished = state.jobs.filter((job) => !isActive(job.state)).reverse();
  const titleOf = (job: JobView): string => {
    const title = state.titles[job.projectId];
    return title === undefined ? 'Untitled project' : (title ?? 'Deleted project');
  };
  const list = (items: JobView[]) => (
    <ul className="job-list">
      {items.map((job) => (
        <JobRow
          key={job.id}
          job={job}
          title={titleOf(job)}
          onCancel={() => void jobs.getState().cancel(job.id)}
          onOpenResult={state.titles[job.projectId] === null ? undefined : () => navigation.getState().go('project', job.projectId)}
        />
      ))}
    </ul>
  );

  return (
    <div className="screen queue-screen">
      <ScreenHeader title="Queue" subtitle="Videos being made, one after another, even while you work on the next." />
      <SpendAlertBanner />
      {state.error && (
        <p className="error" role="alert">
          {state.error.message}
        </p>
      )}
      {state.loaded && state.jobs.length === 0 ? (
        <div className="empty-state panel">
          <h2>Nothing in the queue</h2>
          <p>Videos queued from the library, and retries, wait here while they are made.</p>
          <button type="button" className="primary" onClick={() => navigation.getState().go('library')}>
            Open the library
          </button>
        </div>
      ) : (
        <>
          <section className="panel" aria-labelledby="queue-now">
            <h2 id="queue-now">In progress</h2>
            {now.length === 0 ? <p className="hint">Nothing is being made right now.</p> : list(now)}
          </section>
          {finished.length > 0 && (
            <section className="panel" aria-labelledby="queue-finished">
              <h2 id="queue-finished">Finished</h2>
              {list(finished)}
            </section>
          )}
        </>
      )}
    </div>
  );
}
