// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ipcOk } from '../../src-shared/ipc/envelope.js';
import { updateState } from '../testing/fixtures.js';
import { renderApp, resetPage, settle } from '../testing/render-app.js';

afterEach(resetPage);

const region = () => screen.getByRole('region', { name: 'Notifications' });

describe('the update notice', () => {
  it('stays silent while nothing is ready, then offers the restart once main says an update is downloaded', async () => {
    const { transport } = renderApp();
    await settle();
    expect(region().textContent).toBe('');
    act(() => transport.emit('updates:changed', updateState({ phase: 'downloading', version: '0.2.0', percent: 40 })));
    expect(region().textContent).toBe('');

    act(() => transport.emit('updates:changed', updateState({ phase: 'ready', version: '0.2.0' })));
    expect(within(region()).getByText('TalkingPhoto 0.2.0 is ready.')).toBeTruthy();
    transport.answer('updates:restart', () => ipcOk(updateState({ phase: 'ready', version: '0.2.0' })));
    fireEvent.click(within(region()).getByRole('button', { name: 'Restart to update' }));
    await settle();
    expect(transport.payloads('updates:restart')).toHaveLength(1);
  });

  it('shows an update found before the window opened, and says the restart waits while a render runs', async () => {
    const { transport } = renderApp('', (t) => t.answer('updates:get', () => ipcOk(updateState({ phase: 'ready', version: '0.2.0' }))));
    await settle();
    transport.answer('updates:restart', () => ipcOk(updateState({ phase: 'ready', version: '0.2.0', restartWhenIdle: true })));
    fireEvent.click(within(region()).getByRole('button', { name: 'Restart to update' }));
    await settle();
    expect(region().textContent).toBe('TalkingPhoto 0.2.0 installs as soon as the render in progress finishes.');
    expect(within(region()).queryByRole('button')).toBeNull();
  });

  it('goes away with Later until a newer version is ready', async () => {
    const { transport } = renderApp('', (t) => t.answer('updates:get', () => ipcOk(updateState({ phase: 'ready', version: '0.2.0' }))));
    await settle();
    fireEvent.click(within(region()).getByRole('button', { name: 'Later' }));
    expect(region().textContent).toBe('');
    act(() => transport.emit('updates:changed', updateState({ phase: 'ready', version: '0.2.1' })));
    expect(within(region()).getByText('TalkingPhoto 0.2.1 is ready.')).toBeTruthy();
  });

  it('shows nothing where updates are off (the browser window of the headless host, a development build)', async () => {
    renderApp('', (t) => t.answer('updates:get', () => ipcOk(updateState({ phase: 'off', message: 'Updates are off in a development build: install a release to get them.' }))));
    await settle();
    expect(region().textContent).toBe('');
  });
});
