// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ipcFail, ipcOk } from '../../src-shared/ipc/envelope.js';
import { rememberedTheme, THEME_STORAGE_KEY } from '../stores/settings-store.js';
import { accountState, answerSettings, LIBRARY_FOLDER, providersAnswer, testStores } from '../testing/fixtures.js';
import { renderApp, resetPage, settle } from '../testing/render-app.js';

afterEach(() => {
  resetPage();
  vi.restoreAllMocks();
});

const voices = [
  { id: 'de', language: 'de', label: 'German', engine: 'espeak-ng', isDefault: true },
  { id: 'de+f3', language: 'de', label: 'German (female)', gender: 'female', engine: 'espeak-ng', isDefault: false },
] as const;

describe('settings', () => {
  it('follows the system theme until one is chosen', async () => {
    renderApp('#/settings');
    await settle();
    expect(document.documentElement.dataset.theme).toBe('system');
    expect((screen.getByRole('radio', { name: /^System/ }) as HTMLInputElement).checked).toBe(true);
  });

  it('switching the theme sets data-theme at once, saves it in main, and the next start paints in it before main answers', async () => {
    const { transport } = renderApp('#/settings');
    await settle();
    fireEvent.click(screen.getByRole('radio', { name: /^Dark/ }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    await settle();
    expect(transport.payloads('settings:set')).toEqual([{ theme: 'dark' }]);

    resetPage();
    window.localStorage.setItem(THEME_STORAGE_KEY, 'dark');
    // Main is slow to answer: the remembered theme shows meanwhile, then main's (light) wins.
    let answer: (() => void) | undefined;
    renderApp('#/settings', (t) =>
      answerSettings(t, { theme: 'light' }).answer('settings:get', () => new Promise((resolve) => (answer = () => resolve(ipcOk({ preferences: { theme: 'light', language: 'en', voice: null, platforms: [], size: 'auto', voiceByLanguage: {} }, library: { folder: LIBRARY_FOLDER, movingTo: null, problem: null } }))))),
    );
    expect(document.documentElement.dataset.theme).toBe('dark');
    answer?.();
    await settle();
    expect(document.documentElement.dataset.theme).toBe('light');
    expect((screen.getByRole('radio', { name: /^Light/ }) as HTMLInputElement).checked).toBe(true);
  });

  it('keeps the default language, voice, platforms and size in main, and a new video starts with them', async () => {
    const { transport, stores } = renderApp('#/settings', (t) => t.answer('voices:list', ({ language }) => ipcOk({ voices: language === 'de' ? [...voices] : [] })));
    await settle();
    fireEvent.change(screen.getByLabelText('Default language'), { target: { value: 'de' } });
    await settle();
    fireEvent.change(screen.getByLabelText('Default voice'), { target: { value: 'de+f3' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'TikTok' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Instagram Reels' }));
    fireEvent.click(screen.getByRole('radio', { name: /^720×1280/ }));
    await settle();
    expect(transport.payloads('settings:set')).toEqual([{ language: 'de' }, { voice: 'de+f3' }, { platforms: ['tiktok'] }, { platforms: ['instagram-reels', 'tiktok'] }, { size: '720x1280' }]);

    const create = stores.create.getState();
    expect([create.language, create.voice, create.platforms]).toEqual(['de', 'de+f3', ['instagram-reels', 'tiktok']]);
    // Another window (or the next start) reads the same preferences from main.
    const again = testStores();
    answerSettings(again.transport, { language: 'de', voice: 'de+f3', size: '720x1280' });
    await again.stores.settings.getState().load();
    expect(again.stores.settings.getState()).toMatchObject({ language: 'de', voice: 'de+f3', size: '720x1280' });
  });

  it('a change main refuses is undone on screen and its sentence shown', async () => {
    renderApp('#/settings', (t) => t.answer('settings:set', () => ipcFail('LIBRARY_UNAVAILABLE', 'The project library cannot be written: check the disk is not full.')));
    await settle();
    fireEvent.click(screen.getByRole('radio', { name: /^1080×1920/ }));
    await settle();
    expect(screen.getByRole('alert').textContent).toMatch(/check the disk is not full/);
    expect((screen.getByRole('radio', { name: /^Best for the kit/ }) as HTMLInputElement).checked).toBe(true);
  });

  it('shows where the library is, and moving it by a typed path says it happens at the next start', async () => {
    const { transport } = renderApp('#/settings', (t) =>
      t.answer('library:move', ({ folder }) =>
        folder === '/full'
          ? ipcFail('BAD_OPTION', '/full is not empty: choose an empty folder, or make a new one for the library.')
          : ipcOk({ chosen: true, preferences: { theme: 'system', language: 'en', voice: null, platforms: [], size: 'auto', voiceByLanguage: {} }, library: { folder: LIBRARY_FOLDER, movingTo: folder ?? null, problem: null } }),
      ),
    );
    await settle();
    expect(screen.getByTestId('library-folder').textContent).toBe(LIBRARY_FOLDER);
    const input = screen.getByLabelText('Move the library to');
    fireEvent.change(input, { target: { value: '/full' } });
    fireEvent.click(screen.getByRole('button', { name: 'Move' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/is not empty/));
    expect((input as HTMLInputElement).value).toBe('/full');

    fireEvent.change(input, { target: { value: '/media/videos/TalkingPhoto' } });
    fireEvent.click(screen.getByRole('button', { name: 'Move' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/moves to \/media\/videos\/TalkingPhoto the next time/));
    expect(transport.payloads('library:move').at(-1)).toEqual({ folder: '/media/videos/TalkingPhoto' });
    expect((input as HTMLInputElement).value).toBe('');
  });

  it('saves a pasted key (never keeping it on screen), tests it and says what the provider answered', async () => {
    const { transport } = renderApp('#/settings', (t) =>
      t
        .answer('providers:setKey', ({ provider }) => ipcOk(providersAnswer({ providers: providersAnswer().providers.map((p) => (p.id === provider ? { ...p, key: 'set', keySource: 'keychain' } : p)) })))
        .answer('providers:testKey', () => ipcOk({ ...providersAnswer(), ok: false, message: 'ElevenLabs refused the API key: check it in your ElevenLabs account and paste it again.' })),
    );
    await settle();
    const field = screen.getByLabelText('ElevenLabs API key') as HTMLInputElement;
    expect(field.type).toBe('password');
    const row = field.closest('li')!;
    expect(within(row).getByText('No key')).toBeTruthy();
    fireEvent.change(field, { target: { value: 'sk-live-0123456789abcdef' } });
    fireEvent.click(within(row).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(row).getByText('Key saved')).toBeTruthy());
    expect(transport.payloads('providers:setKey')).toEqual([{ provider: 'elevenlabs', key: 'sk-live-0123456789abcdef' }]);
    expect(field.value).toBe('');
    fireEvent.click(within(row).getByRole('button', { name: 'Test' }));
    expect(await within(row).findByText(/refused the API key/)).toBeTruthy();
    // Midjourney is listed with why it cannot be called, and has no key field.
    expect(screen.getByText(/no official public API/)).toBeTruthy();
    expect(screen.queryByLabelText('Midjourney API key')).toBeNull();
  });

  it('reorders a chain with the arrow buttons, the local engine staying last', async () => {
    const { transport } = renderApp('#/settings', (t) => t.answer('providers:setPreferences', ({ chains }) => ipcOk(providersAnswer({ chains: { ...providersAnswer().chains, ...(chains as object) } }))));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Try Ideogram earlier' }));
    await settle();
    expect(transport.payloads('providers:setPreferences')).toEqual([{ chains: { image_enhancement: ['ideogram', 'gemini-image', 'local'] } }]);
    expect((screen.getByRole('button', { name: 'Try Ideogram earlier' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('signs in with email and password, then shows the plan and this month’s videos', async () => {
    const { transport } = renderApp('#/settings', (t) =>
      t.answer('account:signIn', () => ipcOk(accountState({ signedIn: true, email: 'maya@example.com', tier: 'pro', projectsPerMonth: null, watermark: false, projectsThisMonth: 7 }))),
    );
    await settle();
    expect(screen.getByText('Free plan')).toBeTruthy();
    expect(screen.getByText(/1 of 3 videos this month/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'maya@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'correct horse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Pro plan')).toBeTruthy();
    expect(screen.getByText(/7 videos this month, no limit\. Signed in as maya@example\.com/)).toBeTruthy();
    expect(transport.payloads('account:signIn')).toEqual([{ email: 'maya@example.com', password: 'correct horse' }]);
    // The password is not kept on the page once main has it.
    expect(screen.queryByLabelText('Password')).toBeNull();
    // A paid plan changes through Stripe's portal, never a second checkout.
    expect(screen.queryByRole('button', { name: /Upgrade to/ })).toBeNull();
    expect(screen.getByText(/use Manage subscription/)).toBeTruthy();
  });

  it('Upgrade opens Checkout (in a new tab where the window is a browser) and the plan changes when main says so', async () => {
    const opened = vi.spyOn(window, 'open').mockImplementation(() => null);
    const { transport } = renderApp('#/settings', (t) =>
      t
        .answer('account:get', () => ipcOk(accountState({ signedIn: true, email: 'maya@example.com' })))
        .answer('account:upgrade', () => ipcOk({ url: 'https://checkout.stripe.com/c/pay/cs_test_123', opened: false })),
    );
    await settle();
    fireEvent.click(screen.getByRole('button', { name: /Upgrade to Pro/ }));
    await settle();
    expect(transport.payloads('account:upgrade')).toEqual([{ tier: 'pro' }]);
    expect(opened).toHaveBeenCalledWith('https://checkout.stripe.com/c/pay/cs_test_123', '_blank', 'noopener,noreferrer');
    expect(screen.getByText(/Finish the purchase in your browser/)).toBeTruthy();
    act(() => transport.emit('account:changed', accountState({ signedIn: true, email: 'maya@example.com', tier: 'pro', projectsPerMonth: null, watermark: false })));
    expect(await screen.findByText('Pro plan')).toBeTruthy();
    expect(screen.queryByText(/Finish the purchase in your browser/)).toBeNull();
  });

  it('Forgot password sends the address, and a reset link opened later asks only for the new password', async () => {
    const { transport } = renderApp('#/settings', (t) =>
      t.answer('account:requestReset', () => ipcOk({})).answer('account:confirmReset', () => ipcOk(accountState())),
    );
    await settle();
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'maya@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Forgot password?' }));
    expect(await screen.findByText(/a link to choose a new password is on its way/)).toBeTruthy();
    expect(transport.payloads('account:requestReset')).toEqual([{ email: 'maya@example.com' }]);

    act(() => transport.emit('account:changed', accountState({ resetPending: true })));
    fireEvent.change(await screen.findByLabelText('New password'), { target: { value: 'a brand new password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Your password is changed: sign in with it.')).toBeTruthy();
    expect(transport.payloads('account:confirmReset')).toEqual([{ password: 'a brand new password' }]);
    expect(screen.getByLabelText('Password')).toBeTruthy();
  });

  it('says why a sign-in was refused, in the service’s words', async () => {
    renderApp('#/settings', (t) => t.answer('account:signIn', () => ipcFail('ACCOUNT_REFUSED', 'Too many failed sign-ins: try again after 14:32.')));
    await settle();
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'maya@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'wrong password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Too many failed sign-ins: try again after 14:32.');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('wrong password');
  });

  it('a remembered theme it does not know is the system’s', () => {
    expect(rememberedTheme({ getItem: () => 'neon', setItem: () => undefined })).toBe('system');
    expect(
      rememberedTheme({
        getItem: () => {
          throw new Error('storage off');
        },
        setItem: () => undefined,
      }),
    ).toBe('system');
  });
});
