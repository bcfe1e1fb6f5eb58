// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/react';
import { monitoringWarnings } from '../../src-shared/monitoring.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ipcFail, ipcOk } from '../../src-shared/ipc/envelope.js';
import { diagnosticsOverview, engineStatus, projectDetail, projectSummary, providersAnswer, renderReport } from '../testing/fixtures.js';
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
        .answer('jobs:list', () => ipcOk({ jobs: [{ id: '10000000-0000-4000-8000-0000000000bb', projectId: done.id, state: 'failed', priority: 0, attempts: 4, lastError: null }] })),
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

  it("shows this computer's processor, memory and disk, the renders' success rate and average time, and the cloud cost today and this month", async () => {
    renderApp('#/diagnostics', (transport) =>
      transport.answer('diagnostics:overview', () => ipcOk(diagnosticsOverview({ spend: { todaySpentUsd: 1.2, monthSpentUsd: 14.35, dailyCapUsd: 5, alert: null } }))),
    );
    await settle();
    const machine = screen.getByRole('region', { name: 'This computer' });
    expect(within(machine).getByText('Processor').nextElementSibling?.textContent).toBe('23 %8 cores · load 1.40');
    expect(within(machine).getByText('Memory').nextElementSibling?.textContent).toBe('44 %9.0 GB free of 16.0 GB');
    expect(within(machine).getByText('Library disk').nextElementSibling?.textContent).toBe('58 %210.0 GB free of 500.0 GB');
    const renders = screen.getByRole('region', { name: 'Renders' });
    expect(within(renders).getByText('Success rate').nextElementSibling?.textContent).toBe('90 %9 of 10 finished renders worked; cancelled ones are not counted');
    expect(within(renders).getByText('Average render time').nextElementSibling?.textContent).toBe('48.0 sover the last 9 renders');
    const cost = screen.getByRole('region', { name: 'Cloud cost' });
    expect(within(cost).getByText('Today').nextElementSibling?.textContent).toBe('$1.20of the $5.00 daily cap; you are warned at 80 %');
    expect(within(cost).getByText('This month').nextElementSibling?.textContent).toBe('$14.35');
    expect(screen.queryByRole('region', { name: 'Needs attention' })).toBeNull();
    expect(screen.getByText(/Nothing needs attention/)).toBeTruthy();
  });

  it("warns, with what to do, when the machine is past the seed's thresholds or a cloud step took over 30 s", async () => {
    const base = diagnosticsOverview();
    const slowSteps = [{ providerName: 'HeyGen', what: 'a talking video', latencyMs: 95_000, at: base.measuredAt }];
    const warnings = monitoringWarnings({ cpuPercent: 91, memoryPercent: 88, diskPercent: 96, slowSteps });
    renderApp('#/diagnostics', (transport) =>
      transport.answer('diagnostics:overview', () =>
        ipcOk({
          ...base,
          machine: { ...base.machine, cpuPercent: 91, memory: { ...base.machine.memory, usedPercent: 88 }, disk: { ...base.machine.disk!, usedPercent: 96 } },
          slowSteps,
          warnings,
        }),
      ),
    );
    await settle();
    const attention = screen.getByRole('region', { name: 'Needs attention' });
    const items = within(attention)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual(warnings.map((w) => w.message));
    expect(items[0]).toMatch(/^The disk holding your library is 96 % full \(over 90 %\): delete videos/);
    expect(items[3]).toMatch(/^HeyGen took 95 s for a talking video \(over 30 s\)/);
    const machine = screen.getByRole('region', { name: 'This computer' });
    expect(machine.querySelectorAll('.share-high')).toHaveLength(3);
  });

  it('saves the diagnostics bundle where the desktop app was told and says where', async () => {
    const { transport } = renderApp('#/diagnostics', (t) =>
      t.answer('diagnostics:saveBundle', () => ipcOk({ file: '/home/me/Desktop/talkingphoto-diagnostics.zip', download: null, bytes: 48_213, entries: ['README.txt', 'versions.json'] })),
    );
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Save diagnostics bundle…' }));
    await settle();
    expect(transport.payloads('diagnostics:saveBundle')).toHaveLength(1);
    expect(screen.getByText(/Diagnostics bundle saved as/).textContent).toBe(
      'Diagnostics bundle saved as /home/me/Desktop/talkingphoto-diagnostics.zip (48 KB) and shown in your file manager: attach it to your bug report. Keys, tokens and e-mail addresses are not in it.',
    );
  });

  it('downloads the bundle in a browser tab, and says why when it could not be made', async () => {
    const clicked: string[] = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(this.getAttribute('download') ?? '');
    };
    try {
      let fail = false;
      renderApp('#/diagnostics', (t) =>
        t.answer('diagnostics:saveBundle', () =>
          fail
            ? ipcFail('DISK_FULL', 'The disk is full: free some space or choose another place for the diagnostics bundle.')
            : ipcOk({ file: null, download: { root: 'r9', path: 'cache/diagnostics/talkingphoto-diagnostics-2026.zip' }, bytes: 2_400_000, entries: ['README.txt'] }),
        ),
      );
      await settle();
      fireEvent.click(screen.getByRole('button', { name: 'Save diagnostics bundle…' }));
      await settle();
      const link = screen.getByRole('link', { name: 'Download talkingphoto-diagnostics-2026.zip' });
      expect(link.getAttribute('href')).toBe('/media/r9/cache/diagnostics/talkingphoto-diagnostics-2026.zip');
      expect(clicked).toEqual(['talkingphoto-diagnostics-2026.zip']);
      expect(link.parentElement?.textContent).toContain('(2.4 MB)');

      fail = true;
      fireEvent.click(screen.getByRole('button', { name: 'Save diagnostics bundle…' }));
      await settle();
      expect(screen.getByRole('alert').textContent).toBe('The disk is full: free some space or choose another place for the diagnostics bundle.');
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
  });
});
