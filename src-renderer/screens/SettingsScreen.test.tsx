// @vitest-environment happy-dom
import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { readSettings, SETTINGS_STORAGE_KEY } from '../stores/settings-store.js';
import { testStores } from '../testing/fixtures.js';
import { renderApp, resetPage, settle } from '../testing/render-app.js';

afterEach(resetPage);

const saved = (): unknown => JSON.parse(window.localStorage.getItem(SETTINGS_STORAGE_KEY) ?? 'null');

describe('settings', () => {
  it('follows the system theme until one is chosen', async () => {
    renderApp('#/settings');
    await settle();
    expect(document.documentElement.dataset.theme).toBe('system');
    expect((screen.getByRole('radio', { name: /^System/ }) as HTMLInputElement).checked).toBe(true);
  });

  it('switching the theme sets data-theme on the page and keeps it for the next start', async () => {
    renderApp('#/settings');
    await settle();
    fireEvent.click(screen.getByRole('radio', { name: /^Dark/ }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(saved()).toMatchObject({ theme: 'dark' });

    resetPage();
    window.localStorage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify({ theme: 'dark' }));
    renderApp('#/settings');
    await settle();
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect((screen.getByRole('radio', { name: /^Dark/ }) as HTMLInputElement).checked).toBe(true);
  });

  it('keeps the default language and platforms, and a new video starts with them', async () => {
    renderApp('#/settings');
    await settle();
    fireEvent.change(screen.getByLabelText('Default language'), { target: { value: 'de' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'TikTok' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Instagram Reels' }));
    expect(saved()).toEqual({ theme: 'system', language: 'de', platforms: ['instagram-reels', 'tiktok'] });

    const { stores } = testStores();
    expect(stores.create.getState().language).toBe('de');
    expect(stores.create.getState().platforms).toEqual(['instagram-reels', 'tiktok']);
  });

  it('shows the provider keys and account as not yet available, with a sentence saying so', async () => {
    renderApp('#/settings');
    await settle();
    expect((screen.getByLabelText('ElevenLabs') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Sign in' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/arrives in a later version/)).toBeTruthy();
  });

  it('ignores saved values it does not know rather than trusting them', () => {
    const storage = { getItem: () => JSON.stringify({ theme: 'neon', language: 'xx', platforms: ['tiktok', 'myspace', 7] }), setItem: () => undefined };
    expect(readSettings(storage)).toEqual({ theme: 'system', language: 'en', platforms: ['tiktok'] });
    expect(readSettings({ getItem: () => '{not json', setItem: () => undefined }).theme).toBe('system');
  });
});
