// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ipcFail, ipcOk } from '../../src-shared/ipc/envelope.js';
import { updateState } from '../testing/fixtures.js';
import { renderApp, resetPage, settle } from '../testing/render-app.js';

afterEach(resetPage);

const panel = () => screen.getByRole('region', { name: 'Updates' });
/** The line main's answer updates (a polite live region, so a screen reader hears the outcome). */
const line = () => panel().querySelector('.update-line')!;

describe('Settings → Updates', () => {
  it('"Check for updates" asks main with updates:check and shows its answer', async () => {
    const { transport } = renderApp('#/settings', (t) =>
      t
        .answer('updates:get', () => ipcOk(updateState({ phase: 'idle', currentVersion: '0.1.0' })))
        .answer('updates:check', () => ipcOk(updateState({ phase: 'current', currentVersion: '0.1.0', checkedAt: '2026-12-06T12:00:00.000Z' }))),
    );
    await settle();
    expect(within(panel()).getByText('TalkingPhoto 0.1.0')).toBeTruthy();
    expect(line().textContent).toMatch(/^Not checked yet/);
    fireEvent.click(within(panel()).getByRole('button', { name: 'Check for updates' }));
    await settle();
    expect(transport.payloads('updates:check')).toHaveLength(1);
    expect(line().textContent).toMatch(/^You have the newest version\. Last checked /);
  });

  it('says main’s reason when the check fails', async () => {
    renderApp('#/settings', (t) =>
      t
        .answer('updates:get', () => ipcOk(updateState({ phase: 'current' })))
        .answer('updates:check', () => ipcFail('SERVICE_UNREACHABLE', 'The update server could not be reached: check your connection.')),
    );
    await settle();
    fireEvent.click(within(panel()).getByRole('button', { name: 'Check for updates' }));
    await settle();
    expect(within(panel()).getByRole('alert').textContent).toBe('The update server could not be reached: check your connection.');
  });

  it('offers no check where updates are off, and says why', async () => {
    renderApp('#/settings', (t) => t.answer('updates:get', () => ipcOk(updateState({ phase: 'off', message: 'Updates are off in a development build: install a release to get them.' }))));
    await settle();
    expect(line().textContent).toBe('Updates are off in a development build: install a release to get them.');
    expect(within(panel()).queryByRole('button')).toBeNull();
  });
});
