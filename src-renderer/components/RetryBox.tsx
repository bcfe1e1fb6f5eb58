import type { RetryState } from '../stores/library-store.js';

/**
 * A failed or cancelled project's sentence with Retry (`jobs:enqueue`), wherever the
 * project is shown; the store that asked keeps `retry`.
 */
export function RetryBox(props: { error: { message: string } | null; retry: RetryState | null; onRetry: () => void; onFollow: () => void }) {
  const { error, retry } = props;
  return (
    <div className="retry-box" role={error ? 'alert' : undefined}>
      <p>{error?.message ?? 'This video was cancelled before it was finished.'}</p>
      {retry?.state === 'queued' ? (
        <p className="notice">
          Queued again.{' '}
          <button type="button" className="link" onClick={props.onFollow}>
            Follow it in the queue
          </button>
        </p>
      ) : (
        <button type="button" className="primary" disabled={retry?.state === 'sending'} onClick={props.onRetry}>
          {retry?.state === 'sending' ? 'Queuing…' : 'Retry'}
        </button>
      )}
      {retry?.state === 'failed' && <p className="error-text">{retry.error.message}</p>}
    </div>
  );
}
