// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ipcOk } from '../../src-shared/ipc/envelope.js';
import { spendAlert } from '../../src-shared/monitoring.js';
import { spendAnswer } from '../testing/fixtures.js';
import { renderApp, resetPage, settle } from '../testing/render-app.js';

afterEach(resetPage);

const atEighty = () => spendAnswer({ todaySpentUsd: 4.1, monthSpentUsd: 9.3, alert: spendAlert(4.1, 5) });
const ALERT = "Today's cloud spending is $4.10, 82 % of your $5.00 daily cap: once it is reached, cloud steps are skipped until tomorrow; raise the cap in Settings, Providers if you need more.";

describe('the daily cloud-spending alert Settings promises', () => {
  for (const [hash, screenName] of [
    ['#/create', 'Create'],
    ['#/queue', 'Queue'],
    ['#/diagnostics', 'Diagnostics'],
  ] as const) {
    it(`shows on the ${screenName} screen once today reaches 80 % of the cap`, async () => {
      renderApp(hash, (transport) => transport.answer('diagnostics:spend', () => ipcOk(atEighty())));
      await settle();
      expect(screen.getByRole('heading', { level: 1, name: screenName })).toBeTruthy();
      const banner = screen.getByRole('status', { name: 'Cloud spending alert' });
      expect(within(banner).getByText(ALERT)).toBeTruthy();
    });
  }

  it('is not shown below 80 %', async () => {
    renderApp('#/create', (transport) => transport.answer('diagnostics:spend', () => ipcOk(spendAnswer({ todaySpentUsd: 3.9 }))));
    await settle();
    expect(screen.queryByRole('status', { name: 'Cloud spending alert' })).toBeNull();
  });

  it('appears when a render that crossed it finishes, and a dismissed alert returns once more is spent', async () => {
    let spend = spendAnswer({ todaySpentUsd: 3.5 });
    const { transport } = renderApp('#/queue', (t) => t.answer('diagnostics:spend', () => ipcOk(spend)));
    await settle();
    expect(screen.queryByRole('status', { name: 'Cloud spending alert' })).toBeNull();

    spend = atEighty();
    transport.emit('job:finished', { jobId: '10000000-0000-4000-8000-0000000000aa', projectId: '10000000-0000-4000-8000-0000000000bb', state: 'completed' });
    await settle();
    const banner = screen.getByRole('status', { name: 'Cloud spending alert' });
    fireEvent.click(within(banner).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('status', { name: 'Cloud spending alert' })).toBeNull();

    spend = spendAnswer({ todaySpentUsd: 5, alert: spendAlert(5, 5) });
    transport.emit('job:finished', { jobId: '10000000-0000-4000-8000-0000000000ac', projectId: '10000000-0000-4000-8000-0000000000bb', state: 'completed' });
    await settle();
    expect(screen.getByRole('status', { name: 'Cloud spending alert' }).textContent).toMatch(/has reached your \$5\.00 daily cap/);
  });

  it('takes the creator to Settings, where the cap is changed', async () => {
    renderApp('#/create', (transport) => transport.answer('diagnostics:spend', () => ipcOk(atEighty())));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Open Settings' }));
    await settle();
    expect(window.location.hash).toBe('#/settings');
  });
});
