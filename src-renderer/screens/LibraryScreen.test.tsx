// @vitest-environment happy-dom
import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ipcFail, ipcOk } from '../../src-shared/ipc/envelope.js';
import type { ProjectSummaryView } from '../../src-shared/ipc/library-channels.js';
import { SEARCH_DEBOUNCE_MS, UNDO_DELETE_MS } from '../stores/library-store.js';
import { projectDetail, projectSummary, renderReport } from '../testing/fixtures.js';
import { renderApp, resetPage, settle } from '../testing/render-app.js';

beforeEach(() => {
  // Only the timers the library sets: React schedules its own work on other queues.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
  resetPage();
});

const page = (items: ProjectSummaryView[], nextCursor: string | null = null, total = items.length) => ipcOk({ items, total, nextCursor });
const card = (title: string) => screen.queryByRole('link', { name: title });
const elapse = async (ms: number) => {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
  await settle();
};

async function openLibrary(items: ProjectSummaryView[]) {
  const context = renderApp('#/library', (transport) => transport.answer('projects:list', () => page(items)).answer('projects:delete', () => ipcOk({})));
  await settle();
  return context;
}

describe('the library', () => {
  it('searches once typing pauses, asking projects:list for the words, and shows what it found', async () => {
    const shop = projectSummary({ title: 'Welcome to the shop' });
    const beach = projectSummary({ title: 'Sunset at the beach', type: 'lifestyle_content' });
    const { transport } = await openLibrary([shop]);
    transport.answer('projects:list', (query) => page(query?.search === 'beach' ? [beach] : [shop]));
    expect(card('Welcome to the shop')).not.toBeNull();
    const asked = transport.payloads('projects:list').length;

    const search = screen.getByRole('searchbox', { name: 'Search projects' });
    fireEvent.change(search, { target: { value: 'bea' } });
    fireEvent.change(search, { target: { value: 'beach' } });
    await elapse(SEARCH_DEBOUNCE_MS - 1);
    expect(transport.payloads('projects:list')).toHaveLength(asked);
    await elapse(1);

    expect(transport.payloads('projects:list')).toHaveLength(asked + 1);
    expect(transport.payloads('projects:list').at(-1)).toMatchObject({ search: 'beach', sort: 'created', order: 'desc' });
    expect(card('Sunset at the beach')).not.toBeNull();
    expect(card('Welcome to the shop')).toBeNull();
    expect(screen.getByText('1 of 1 project')).toBeTruthy();
  });

  it('filters by status, type and platform through projects:list', async () => {
    const { transport } = await openLibrary([projectSummary()]);
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'failed' } });
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'educational' } });
    fireEvent.change(screen.getByLabelText('Platform'), { target: { value: 'tiktok' } });
    fireEvent.change(screen.getByLabelText('Sort'), { target: { value: 'title' } });
    await settle();
    expect(transport.payloads('projects:list').at(-1)).toMatchObject({ status: ['failed'], type: ['educational'], platform: 'tiktok', sort: 'title', order: 'asc' });
  });

  it('hides a deleted project at once; Undo brings it back and nothing is deleted', async () => {
    const project = projectSummary({ title: 'Spring sale' });
    const { transport } = await openLibrary([project]);
    const remove = screen.getByRole('button', { name: 'Delete Spring sale' });
    remove.focus();
    fireEvent.click(remove);
    await settle();

    expect(card('Spring sale')).toBeNull();
    expect(screen.getByText(/Deleted “Spring sale”/)).toBeTruthy();
    const undo = screen.getByRole('button', { name: 'Undo' });
    // The deleted card had focus: it moves to Undo, one key press away.
    expect(document.activeElement).toBe(undo);

    fireEvent.click(undo);
    await elapse(0);
    expect(card('Spring sale')).not.toBeNull();
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    await elapse(UNDO_DELETE_MS * 2);
    expect(transport.payloads('projects:delete')).toEqual([]);
    expect(card('Spring sale')).not.toBeNull();
  });

  it('deletes the project through projects:delete once the Undo time has passed', async () => {
    const project = projectSummary({ title: 'Spring sale' });
    const { transport } = await openLibrary([project]);
    fireEvent.click(screen.getByRole('button', { name: 'Delete Spring sale' }));
    await settle();

    await elapse(UNDO_DELETE_MS - 1);
    expect(transport.payloads('projects:delete')).toEqual([]);
    await elapse(1);
    expect(transport.payloads('projects:delete')).toEqual([{ projectId: project.id }]);
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    expect(card('Spring sale')).toBeNull();
  });

  it('brings a project back with the reason when main refuses to delete it', async () => {
    const { transport } = await openLibrary([projectSummary({ title: 'Spring sale' })]);
    transport.answer('projects:delete', () => ({ ok: false, error: { code: 'UNEXPECTED', message: 'The library could not delete that project.' } }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete Spring sale' }));
    await elapse(UNDO_DELETE_MS);
    expect(card('Spring sale')).not.toBeNull();
    expect(screen.getByRole('alert').textContent).toBe('The library could not delete that project.');
  });

  it('pages on with nextCursor when Load more is pressed', async () => {
    const first = projectSummary({ title: 'First' });
    const second = projectSummary({ title: 'Second' });
    const { transport } = renderApp('#/library', (fake) => fake.answer('projects:list', (query) => (query?.cursor === 'page-2' ? page([second], null, 2) : page([first], 'page-2', 2))));
    await settle();
    expect(screen.getByText('1 of 2 projects')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await settle();
    expect(transport.payloads('projects:list').at(-1)).toMatchObject({ cursor: 'page-2' });
    expect(card('First')).not.toBeNull();
    expect(card('Second')).not.toBeNull();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('points an empty library to Create', async () => {
    await openLibrary([]);
    expect(screen.getByRole('heading', { name: 'No videos yet' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Make your first video' }));
    await settle();
    expect(window.location.hash).toBe('#/create');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Create');
  });

  it('opens a failed project with its error sentence, and Retry queues it with jobs:enqueue', async () => {
    const summary = projectSummary({ title: 'Broken portrait', status: 'failed' });
    const { transport } = await openLibrary([summary]);
    const error = { code: 'NO_FACE', message: 'No face was found in this photo: choose a photo where a face is clearly visible.' };
    transport
      .answer('projects:get', ({ projectId }) => ipcOk(projectDetail({ ...summary, id: projectId, error, script: '<b>Hello</b> & welcome' })))
      .answer('jobs:enqueue', () => ipcOk({ jobId: '30000000-0000-4000-8000-000000000001' }));

    fireEvent.click(screen.getByRole('button', { name: 'Details of Broken portrait' }));
    await settle();
    expect(window.location.hash).toBe(`#/library/${summary.id}`);
    const panel = screen.getByRole('complementary', { name: 'Broken portrait' });
    expect(document.activeElement).toBe(panel.querySelector('h2'));
    expect(panel.textContent).toContain(error.message);
    // A script is text, never markup.
    expect(screen.getByText('<b>Hello</b> & welcome')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await settle();
    expect(transport.payloads('jobs:enqueue')).toEqual([{ projectId: summary.id }]);
    expect(panel.textContent).toContain('Queued again.');

    fireEvent.keyDown(panel, { key: 'Escape' });
    await settle();
    expect(window.location.hash).toBe('#/library');
    expect(screen.queryByRole('complementary')).toBeNull();
    await elapse(0);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Details of Broken portrait' }));
  });

  it('Duplicate asks projects:duplicate and says main’s reason when the plan refuses a new project', async () => {
    const summary = projectSummary({ title: 'Spring sale', status: 'completed' });
    const { transport } = await openLibrary([summary]);
    const refusal = 'Your free plan’s 3 videos this month are used: upgrade to make more.';
    transport.answer('projects:get', ({ projectId }) => ipcOk(projectDetail({ ...summary, id: projectId }))).answer('projects:duplicate', () => ipcFail('PLAN_LIMIT', refusal));
    fireEvent.click(screen.getByRole('button', { name: 'Details of Spring sale' }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Duplicate' }));
    await settle();
    expect(transport.payloads('projects:duplicate')).toEqual([{ projectId: summary.id }]);
    expect(screen.getByRole('alert').textContent).toBe(refusal);
    expect(window.location.hash).toBe(`#/library/${summary.id}`);
  });

  it('shows a finished project’s quality scores from its report', async () => {
    const summary = projectSummary({ title: 'Good one' });
    const { transport } = await openLibrary([summary]);
    transport.answer('projects:get', () => ipcOk(projectDetail({ ...summary, report: renderReport({ scores: { video: 7.1 } }) })));
    fireEvent.click(screen.getByRole('button', { name: 'Details of Good one' }));
    await settle();
    const rows = screen.getAllByRole('row').map((row) => row.textContent);
    expect(rows).toContain('Photo (6.1 before enhancement)8.48.0');
    expect(rows).toContain('Video7.1 (below what is needed)7.5');
    expect(rows).toContain('Overall8.28.0');
  });

  it('shows a project’s length as made, and a target only where the creator set one', async () => {
    const noTarget = projectSummary({ title: 'Long talk', targetDurationS: null, status: 'failed' });
    const made = projectSummary({ title: 'Made one', targetDurationS: null });
    const aimed = projectSummary({ title: 'Aimed one', targetDurationS: 15, status: 'pending' });
    const { transport } = await openLibrary([noTarget, made, aimed]);
    const report = renderReport();
    transport.answer('projects:get', ({ projectId }) =>
      ipcOk(
        projectId === made.id
          ? projectDetail({ ...made, report: { ...report, output: { ...report.output, durationS: 40.04 } } })
          : projectDetail({ ...(projectId === noTarget.id ? noTarget : aimed) }),
      ),
    );
    const facts = (title: string) => screen.getByRole('complementary', { name: title }).querySelector('dl')!.textContent;

    fireEvent.click(screen.getByRole('button', { name: 'Details of Long talk' }));
    await settle();
    expect(facts('Long talk')).not.toContain('Length');
    expect(facts('Long talk')).not.toContain('target');

    fireEvent.click(screen.getByRole('button', { name: 'Details of Made one' }));
    await settle();
    expect(facts('Made one')).toContain('Length40 s');
    expect(facts('Made one')).not.toContain('target');

    fireEvent.click(screen.getByRole('button', { name: 'Details of Aimed one' }));
    await settle();
    expect(facts('Aimed one')).toContain('Length15 s target');
  });

  it('shows the render settings a Retry will render with, and none when the engine chose them all', async () => {
    const chosen = projectSummary({ title: 'Chosen one', status: 'failed' });
    const plain = projectSummary({ title: 'Plain one', status: 'failed' });
    const { transport } = await openLibrary([chosen, plain]);
    transport.answer('projects:get', ({ projectId }) =>
      ipcOk(
        projectId === chosen.id
          ? projectDetail({ ...chosen, renderSettings: { width: 360, height: 640, burnCaptions: true, trim: false, motion: { mood: 'warm' } } })
          : projectDetail({ ...plain, renderSettings: { burnCaptions: false } }),
      ),
    );
    const facts = (title: string) => screen.getByRole('complementary', { name: title }).querySelector('dl')!.textContent;
    fireEvent.click(screen.getByRole('button', { name: 'Details of Chosen one' }));
    await settle();
    expect(facts('Chosen one')).toContain('Renders at360 × 640, captions drawn in, warm mood');
    fireEvent.click(screen.getByRole('button', { name: 'Details of Plain one' }));
    await settle();
    expect(facts('Plain one')).not.toContain('Renders at');
  });
});
