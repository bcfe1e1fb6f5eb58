// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ipcOk } from '../../src-shared/ipc/envelope.js';
import type { JobView } from '../stores/jobs-store.js';
import { projectSummary } from '../testing/fixtures.js';
import { renderApp, resetPage, settle } from '../testing/render-app.js';

afterEach(resetPage);

const project = projectSummary({ title: 'Spring sale', status: 'processing' });
const job: Omit<JobView, 'progress' | 'cancelling'> = {
  id: '10000000-0000-4000-8000-0000000000aa',
  projectId: project.id,
  state: 'queued',
  priority: 0,
  attempts: 1,
  lastError: null,
};

async function openQueue(jobs = [job]) {
  const context = renderApp('#/queue', (transport) =>
    transport
      .answer('jobs:list', () => ipcOk({ jobs }))
      .answer('projects:list', () => ipcOk({ items: [project], total: 1, nextCursor: null }))
      .answer('jobs:cancel', () => ipcOk({})),
  );
  await settle();
  return context;
}

describe('the queue', () => {
  it('shows a running job’s stage, percent and time left from job:progress, then moves it to Finished', async () => {
    const { transport } = await openQueue();
    const now = screen.getByRole('region', { name: 'In progress' });
    expect(within(now).getByRole('heading', { name: 'Spring sale' })).toBeTruthy();
    expect(within(now).getByText('Waiting')).toBeTruthy();

    transport.emit('job:progress', { jobId: job.id, projectId: project.id, stage: 'animate', percent: 42.7, message: 'Drawing frame 107 of 250', etaMs: 40_000 });
    await settle();
    expect(within(now).getByText('Running')).toBeTruthy();
    expect(within(now).getByText('Animating — 42%')).toBeTruthy();
    expect(within(now).getByText('about 40 s left')).toBeTruthy();
    expect(within(now).getByText('Drawing frame 107 of 250')).toBeTruthy();
    expect(within(now).getByRole('progressbar', { name: 'Progress of Spring sale' }).getAttribute('value')).toBe('42');

    transport.emit('job:finished', { jobId: job.id, projectId: project.id, state: 'completed' });
    await settle();
    expect(within(now).getByText('Nothing is being made right now.')).toBeTruthy();
    const finished = screen.getByRole('region', { name: 'Finished' });
    expect(within(finished).getByText('Done')).toBeTruthy();
    expect(within(finished).queryByRole('button', { name: /Cancel/ })).toBeNull();
  });

  it('Cancel asks main to cancel that job and says so until main confirms', async () => {
    const { transport } = await openQueue([{ ...job, state: 'running' }]);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel Spring sale' }));
    await settle();
    expect(transport.payloads('jobs:cancel')).toEqual([{ jobId: job.id }]);
    const button = screen.getByRole('button', { name: 'Cancelling Spring sale' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);

    transport.emit('job:finished', { jobId: job.id, projectId: project.id, state: 'cancelled', error: { code: 'CANCELLED', message: 'Cancelled.' } });
    await settle();
    expect(within(screen.getByRole('region', { name: 'Finished' })).getByText('Cancelled')).toBeTruthy();
  });

  it('shows why a job failed, in the creator’s words', async () => {
    await openQueue([{ ...job, state: 'failed', attempts: 4, lastError: { code: 'NO_FACE', message: 'No face was found in this photo.' } }]);
    const finished = screen.getByRole('region', { name: 'Finished' });
    expect(within(finished).getByText('No face was found in this photo.')).toBeTruthy();
    expect(within(finished).getByText('attempt 4')).toBeTruthy();
  });

  it('says when the queue is empty and points to the library', async () => {
    await openQueue([]);
    expect(screen.getByRole('heading', { name: 'Nothing in the queue' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Open the library' }));
    await settle();
    expect(window.location.hash).toBe('#/library');
  });
});
