// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ipcFail, ipcOk } from '../../src-shared/ipc/envelope.js';
import { rememberedTheme, THEME_STORAGE_KEY } from '../stores/settings-store.js';
import { accountState, answerSettings, engineStatus, LIBRARY_FOLDER, providersAnswer, testStores } from '../testing/fixtures.js';
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
      answerSettings(t, { theme: 'light' }).answer(
        'settings:get',
        () =>
          new Promise(
            (resolve) =>
              (answer = () =>
                resolve(
                  ipcOk({
                    preferences: { theme: 'light', language: 'en', voice: null, platforms: [], size: 'auto', voiceByLanguage: {}, uploadCrashReports: false },
                    library: { folder: LIBRARY_FOLDER, movingTo: null, problem: null },
                  }),
                )),
          ),
      ),
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
          : ipcOk({
              chosen: true,
              preferences: { theme: 'system', language: 'en', voice: null, platforms: [], size: 'auto', voiceByLanguage: {}, uploadCrashReports: false },
              library: { folder: LIBRARY_FOLDER, movingTo: folder ?? null, problem: null },
            }),
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
        .answer('providers:setKey', ({ provider }) =>
          ipcOk(providersAnswer({ providers: providersAnswer().providers.map((p) => (p.id === provider ? { ...p, key: 'set', keySource: 'keychain' } : p)) })),
        )
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
    const { transport } = renderApp('#/settings', (t) =>
      t.answer('providers:setPreferences', ({ chains }) => ipcOk(providersAnswer({ chains: { ...providersAnswer().chains, ...(chains as object) } }))),
    );
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
    const { transport } = renderApp('#/settings', (t) => t.answer('account:requestReset', () => ipcOk({})).answer('account:confirmReset', () => ipcOk(accountState())));
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

  it('Privacy: crash reports stay on this computer until the creator ticks “Send crash reports”, which main keeps', async () => {
    const { transport } = renderApp('#/settings');
    await settle();
    const box = screen.getByRole('checkbox', { name: 'Send crash reports' }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    const privacy = screen.getByRole('region', { name: 'Privacy' });
    expect(within(privacy).getByText(/stays on this computer/)).toBeTruthy();
    fireEvent.click(box);
    await settle();
    expect(transport.payloads('settings:set')).toEqual([{ uploadCrashReports: true }]);
    expect(box.checked).toBe(true);
    expect(within(privacy).getByText(/is sent to the TalkingPhoto team to help fix it/)).toBeTruthy();
  });

  it('a refused crash-report choice goes back to what main keeps', async () => {
    renderApp('#/settings', (t) => t.answer('settings:set', () => ipcFail('BAD_REQUEST', 'That setting could not be saved.')));
    await settle();
    const box = screen.getByRole('checkbox', { name: 'Send crash reports' }) as HTMLInputElement;
    fireEvent.click(box);
    await settle();
    expect(box.checked).toBe(false);
    expect(screen.getByRole('alert').textContent).toBe('That setting could not be saved.');
  });

  it('Export all my data shows a progress bar while main writes the zip, then where it went', async () => {
    let finish: (() => void) | undefined;
    const exported = { written: true, projects: 3, files: 14, bytes: 48_200_000, file: '/home/me/talkingphoto-export.zip', account: 'included' as const };
    const { transport } = renderApp('#/settings', (t) => t.answer('library:export', () => new Promise((resolve) => (finish = () => resolve(ipcOk(exported))))));
    await settle();
    const data = screen.getByRole('region', { name: 'Your data' });
    const exportButton = within(data).getByRole('button', { name: 'Export all my data' }) as HTMLButtonElement;
    expect(exportButton.disabled).toBe(true);
    fireEvent.change(within(data).getByLabelText('Save the zip as'), { target: { value: '/home/me/talkingphoto-export.zip' } });
    fireEvent.click(exportButton);
    await settle();
    expect(transport.payloads('library:export')).toEqual([{ destination: '/home/me/talkingphoto-export.zip' }]);
    expect(within(data).getByText('Preparing the export…')).toBeTruthy();

    act(() => transport.emit('library:exportProgress', { percent: 40, bytesWritten: 19_300_000, bytesTotal: 48_300_000, files: 14 }));
    const bar = within(data).getByLabelText('Export progress') as HTMLProgressElement;
    expect(bar.value).toBe(40);
    expect(within(data).getByText('40 % · 19 MB of about 48 MB')).toBeTruthy();

    finish?.();
    await settle();
    expect(within(data).queryByLabelText('Export progress')).toBeNull();
    expect(within(data).getByTestId('export-file').textContent).toBe('/home/me/talkingphoto-export.zip');
    expect(within(data).getByText(/Exported 3 projects and 14 files \(48 MB\) to/)).toBeTruthy();
    expect(within(data).getByText(/plan and purchases from your TalkingPhoto account are included/)).toBeTruthy();
    // The browser version has no file manager to open.
    expect(within(data).queryByRole('button', { name: 'Show in folder' })).toBeNull();
  });

  it('the desktop app exports through its save dialog and shows the zip in the file manager', async () => {
    const desktop = { ...engineStatus, frontDoor: 'desktop' as const, capabilities: { nativeDialogs: true, showInFolder: true, recordings: false } };
    const { transport } = renderApp('#/settings', (t) =>
      t
        .answer('engine:status', () => ipcOk(desktop))
        .answer('library:export', () => ipcOk({ written: true, projects: 1, files: 3, bytes: 2_400_000, file: '/Users/maya/Desktop/talkingphoto-export.zip', account: 'signed-out' }))
        .answer('library:showExport', () => ipcOk({})),
    );
    await settle();
    const data = screen.getByRole('region', { name: 'Your data' });
    fireEvent.click(within(data).getByRole('button', { name: 'Export all my data…' }));
    await settle();
    expect(transport.payloads('library:export')).toEqual([{}]);
    expect(within(data).getByTestId('export-file').textContent).toBe('/Users/maya/Desktop/talkingphoto-export.zip');
    expect(within(data).getByText(/You are signed out, so the zip has your plan on this computer but no purchases/)).toBeTruthy();
    fireEvent.click(within(data).getByRole('button', { name: 'Show in folder' }));
    await settle();
    expect(transport.payloads('library:showExport')).toHaveLength(1);
  });

  it('Delete everything stays disabled until “delete everything” is typed, then empties the library', async () => {
    const { transport } = renderApp('#/settings', (t) => t.answer('library:deleteEverything', () => ipcOk({})));
    await settle();
    const data = screen.getByRole('region', { name: 'Your data' });
    const button = within(data).getByRole('button', { name: 'Delete everything' }) as HTMLButtonElement;
    const field = within(data).getByLabelText(/to confirm/);
    // What stays is said before anything goes: the plan's month of videos, without their content.
    expect(button.closest('form')!.textContent).toMatch(/This month’s count of videos made stays too, as dates alone/);
    expect(button.disabled).toBe(true);
    fireEvent.change(field, { target: { value: 'delete' } });
    expect(button.disabled).toBe(true);
    fireEvent.click(button);
    await settle();
    expect(transport.payloads('library:deleteEverything')).toEqual([]);
    fireEvent.change(field, { target: { value: 'Delete everything' } });
    expect(button.disabled).toBe(false);
    fireEvent.click(button);
    await settle();
    expect(transport.payloads('library:deleteEverything')).toEqual([{ confirm: 'delete everything' }]);
    expect(within(data).getByText('Everything is deleted: the library is empty.')).toBeTruthy();
    expect((field as HTMLInputElement).value).toBe('');
    // The other screens read the library again, and the Account panel the plan (the saved entitlement went with the settings).
    expect(transport.payloads('projects:list').length).toBeGreaterThan(0);
    expect(transport.payloads('account:get').length).toBeGreaterThan(1);
  });

  it('Account: downloads what the service keeps, and deletes the account only once “delete my account” is typed', async () => {
    const saved: Array<{ name: string; text: string }> = [];
    const createUrl = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      void (blob as Blob).text().then((text) => saved.push({ name: '', text }));
      return 'blob:account-data';
    });
    const clicks = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, text: '' });
    });
    const record = {
      format: 'talkingphoto-account-export' as const,
      version: 1 as const,
      exportedAt: '2026-12-06T09:00:00.000Z',
      profile: { id: 'u1', email: 'maya@example.com', createdAt: '2026-05-04T09:00:00.000Z', videosCountedThisMonth: 0, countedMonth: null },
      subscription: { tier: 'pro' as const, status: 'active' as const, stripeCustomerId: 'cus_maya', stripeSubscriptionId: 'sub_maya', periodEnd: '2027-01-06T09:00:00.000Z' },
      purchases: [],
      sessions: [],
      passwordResets: [],
      signUpLinks: [],
      loginAttempts: [],
      notIncluded: [],
    };
    const { transport } = renderApp('#/settings', (t) =>
      t
        .answer('account:get', () => ipcOk(accountState({ signedIn: true, email: 'maya@example.com', tier: 'pro', projectsPerMonth: null, watermark: false })))
        .answer('account:export', () => ipcOk(record))
        .answer('account:delete', () => ipcOk(accountState())),
    );
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Download my account data' }));
    await waitFor(() => expect(saved.map((s) => s.name)).toContain('talkingphoto-account-2026-12-06.json'));
    await waitFor(() => expect(saved.some((s) => s.text.includes('"stripeSubscriptionId": "sub_maya"'))).toBe(true));
    expect(createUrl).toHaveBeenCalledTimes(1);
    expect(clicks).toHaveBeenCalledTimes(1);
    expect(screen.getByText('Your account data is saved as talkingphoto-account-2026-12-06.json.')).toBeTruthy();

    const remove = screen.getByRole('button', { name: 'Delete my account' }) as HTMLButtonElement;
    expect(remove.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText(/to confirm/, { selector: '#delete-account-confirm' }), { target: { value: 'delete my account' } });
    expect(remove.disabled).toBe(false);
    fireEvent.click(remove);
    await settle();
    expect(transport.payloads('account:delete')).toEqual([{ confirm: 'delete my account' }]);
    expect(await screen.findByText(/Your account is deleted and its subscription cancelled/)).toBeTruthy();
    expect(screen.getByText('Free plan')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Delete my account' })).toBeNull();
  });

  it('Account: a deletion the service refuses shows its sentence and keeps the account', async () => {
    renderApp('#/settings', (t) =>
      t
        .answer('account:get', () => ipcOk(accountState({ signedIn: true, email: 'maya@example.com', tier: 'pro', projectsPerMonth: null, watermark: false })))
        .answer('account:delete', () => ipcFail('ACCOUNT_REFUSED', 'Your subscription could not be cancelled at Stripe just now, so nothing was deleted: try again in a few minutes.')),
    );
    await settle();
    fireEvent.change(document.getElementById('delete-account-confirm')!, { target: { value: 'delete my account' } });
    fireEvent.click(screen.getByRole('button', { name: 'Delete my account' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Your subscription could not be cancelled at Stripe just now, so nothing was deleted: try again in a few minutes.');
    expect(screen.getByText('Pro plan')).toBeTruthy();
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
