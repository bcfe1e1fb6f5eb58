// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ipcOk } from '../../src-shared/ipc/envelope.js';
import { engineStatus, projectDetail, projectSummary, providersAnswer, renderReport } from '../testing/fixtures.js';
import { renderApp, resetPage, settle } from '../testing/render-app.js';

afterEach(resetPage);

describe('diagnostics', () => {
  it('shows the engine, its tools, counts by status and the stage timings of recent renders', async () => {
    const done = projectSummary({ title: 'Spring sale' });
    renderApp('#/diagnostics', (transport) =>
      transport
        .answer('projects:list', (query) =>
          ipcOk(query?.status?.[0] === 'completed' ? { items: query.limit === 1 ? [] : [done], total: 3, nextCursor: null } : { items: [], total: 1, nextCursor: null }),
        )
        .answer('projects:get', () => ipcOk(projectDetail({ ...done, report: renderReport() })))
        .answer('jobs:list', () =>
          ipcOk({ jobs: [{ id: '10000000-0000-4000-8000-0000000000bb', projectId: done.id, state: 'failed', priority: 0, attempts: 4, lastError: null }] }),
        ),
    );
    await settle();

    const app = screen.getByRole('region', { name: 'App' });
    expect(app.textContent).toContain('TalkingPhoto 0.1.0');
    expect(app.textContent).toContain('Host, in a browser tab');
    expect(app.textContent).toContain('Node 20.19.0');
    const tools = screen.getByRole('region', { name: 'Tools' });
    expect(tools.textContent).toContain('6.1.1 from PATH');
    expect(tools.textContent).toContain('espeak-ng 1.51');

    const jobs = screen.getByRole('region', { name: 'Queue jobs' });
    expect(within(jobs).getByText('Failed').nextElementSibling?.textContent).toBe('1');
    const projects = screen.getByRole('region', { name: 'Projects' });
    expect(within(projects).getByText('Ready').nextElementSibling?.textContent).toBe('3');

    const timings = screen.getByRole('table');
    expect(within(timings).getByRole('columnheader', { name: 'Animating' })).toBeTruthy();
    expect(within(timings).getByRole('row', { name: /Spring sale/ }).textContent).toBe('Spring sale120 ms900 ms1.5 s700 ms4.2 s7.4 s');
  });

  it('says so when the ffmpeg pair is older than ffmpeg 5, with what to install', async () => {
    const warning = 'ffmpeg N-47683-g0e8eb07980-static (@ffmpeg-installer/ffmpeg) is older than ffmpeg 5: install a current ffmpeg (5 or later) from your package manager or set FFMPEG_PATH.';
    renderApp('#/diagnostics', (transport) =>
      transport.answer('engine:status', () =>
        ipcOk({
          ...engineStatus,
          ffmpeg: { found: true, path: '/app/ffmpeg', source: '@ffmpeg-installer/ffmpeg', version: 'N-47683-g0e8eb07980-static', warning },
          ffprobe: { found: true, path: '/app/ffprobe', source: '@ffprobe-installer/ffprobe', version: 'N-66595-gc2b38619c0-static', warning },
        }),
      ),
    );
    await settle();
    const tools = screen.getByRole('region', { name: 'Tools' });
    expect(tools.textContent).toContain('N-47683-g0e8eb07980-static from @ffmpeg-installer/ffmpeg');
    expect(within(tools).getAllByText(warning)).toHaveLength(2);
  });

  it('shows each cloud provider with a key: how its last calls went, its typical time, its state and what it cost', async () => {
    const answer = providersAnswer();
    renderApp('#/diagnostics', (transport) =>
      transport.answer('providers:list', () =>
        ipcOk({
          ...answer,
          todaySpentUsd: 1.25,
          providers: answer.providers.map((p) =>
            p.id === 'elevenlabs' ? { ...p, key: 'verified', health: { calls: 4, ok: 3, medianLatencyMs: 2400 }, spent30dUsd: 0.42 } : p.id === 'ideogram' ? { ...p, key: 'set', circuit: 'open' } : p,
          ),
        }),
      ),
    );
    await settle();
    const section = screen.getByRole('region', { name: 'Cloud providers' });
    const eleven = within(section).getByRole('row', { name: /ElevenLabs/ });
    expect(eleven.textContent).toContain('3 of 4 worked');
    expect(eleven.textContent).toContain('2.4 s');
    expect(eleven.textContent).toContain('$0.42');
    expect(within(section).getByRole('row', { name: /Ideogram/ }).textContent).toContain('Paused after failures');
    // Providers with no key and no history are not listed.
    expect(within(section).queryByRole('row', { name: /Gemini/ })).toBeNull();
    expect(section.textContent).toContain('Today $1.25 of the $5.00 daily cap.');
  });
});
