// @vitest-environment happy-dom
import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CreateDraft } from '../../src-shared/ipc/creator-channels.js';
import { ipcOk } from '../../src-shared/ipc/envelope.js';
import { DRAFT_SAVE_DELAY_MS } from '../stores/create-store.js';
import { GROUP_PHOTO } from '../testing/photo-fixtures.js';
import { renderApp, resetPage, settle } from '../testing/render-app.js';

/** Only the autosave's own timer is faked; promises and the page run as usual. */
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
  resetPage();
});

const typeScript = (text: string) => fireEvent.change(screen.getByLabelText('Script'), { target: { value: text } });
const wait = (ms: number) => act(async () => void (await vi.advanceTimersByTimeAsync(ms)));

describe('the Create form’s draft', () => {
  it('is saved half a second after typing stops, once, with everything typed', async () => {
    const { transport } = renderApp();
    await settle();
    typeScript('Hello');
    await wait(300);
    typeScript('Hello there');
    await wait(DRAFT_SAVE_DELAY_MS - 1);
    expect(transport.payloads('drafts:save')).toEqual([]);
    await wait(1);
    expect(transport.payloads('drafts:save')).toEqual([
      {
        draft: { script: 'Hello there', language: 'en', workflowType: 'avatar_presentation', platforms: [], burnCaptions: false, coverTitle: false, trim: false },
      },
    ]);
  });

  it('is written at once when the page is hidden or closed', async () => {
    const { transport } = renderApp();
    await settle();
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: 'Before the reload' } });
    window.dispatchEvent(new Event('pagehide'));
    await settle();
    expect(transport.payloads('drafts:save')).toEqual([expect.objectContaining({ draft: expect.objectContaining({ title: 'Before the reload' }) })]);
    await wait(DRAFT_SAVE_DELAY_MS);
    expect(transport.payloads('drafts:save')).toHaveLength(1);
  });

  it('comes back when the window opens, photo and picked face included, without being saved again', async () => {
    const draft: CreateDraft = {
      photoToken: GROUP_PHOTO.photoToken,
      faceIndex: 2,
      script: 'Welcome to lesson one.',
      language: 'de',
      workflowType: 'educational',
      platforms: ['youtube', 'x'],
      title: 'Lesson one',
      burnCaptions: true,
      coverTitle: false,
      trim: true,
    };
    const { transport } = renderApp('', (t) => t.answer('drafts:get', () => ipcOk({ draft, photo: GROUP_PHOTO, savedAt: '2026-03-12T10:00:00.000Z' })));
    await settle();

    expect((screen.getByLabelText('Script') as HTMLTextAreaElement).value).toBe('Welcome to lesson one.');
    expect((screen.getByLabelText('Language') as HTMLSelectElement).value).toBe('de');
    expect((screen.getByLabelText('Type') as HTMLSelectElement).value).toBe('educational');
    expect((screen.getByLabelText('Title') as HTMLInputElement).value).toBe('Lesson one');
    expect(screen.getByRole('button', { name: 'YouTube (16:9)' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'X (Twitter)' }).getAttribute('aria-pressed')).toBe('true');
    expect((screen.getByRole('checkbox', { name: 'Burn captions into the videos' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: /^Trim/ }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole('img', { name: 'Your photo, enhanced' }).getAttribute('src')).toBe('/media/grouproot/enhanced.jpg');
    expect(screen.getByRole('button', { name: 'Face 3 of 3' }).getAttribute('aria-pressed')).toBe('true');
    expect(transport.payloads('voices:list')).toEqual([{ language: 'de' }]);

    await wait(DRAFT_SAVE_DELAY_MS * 2);
    expect(transport.payloads('drafts:save')).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Face 1 of 3' }));
    await wait(DRAFT_SAVE_DELAY_MS);
    expect(transport.payloads('drafts:save')).toEqual([{ draft: { ...draft, faceIndex: 0 } }]);
  });

  it('keeps "Keep my raw take" with the recording: saved when ticked, ticked again when the window opens', async () => {
    const take = { recordingToken: 'rec_take2', name: 'take2.m4a', durationS: 12.4, preview: { root: 'recroot', path: 'voice.wav' }, rawPreview: { root: 'recroot', path: 'voice-raw.wav' } };
    const draft: CreateDraft = {
      script: 'Hello, it is me.',
      language: 'en',
      workflowType: 'avatar_presentation',
      platforms: [],
      burnCaptions: false,
      coverTitle: false,
      trim: false,
      recordingToken: 'rec_take2',
    };
    const first = renderApp('', (t) => t.answer('drafts:get', () => ipcOk({ draft, photo: null, recording: take, savedAt: '2026-03-12T10:00:00.000Z' })));
    await settle();
    const keepRaw = () => screen.getByRole('checkbox', { name: /Keep my raw take/ }) as HTMLInputElement;
    expect(keepRaw().checked).toBe(false);
    fireEvent.click(keepRaw());
    await wait(DRAFT_SAVE_DELAY_MS);
    expect(first.transport.payloads('drafts:save')).toEqual([{ draft: { ...draft, rawVoice: true } }]);

    resetPage();
    const saved: CreateDraft = { ...draft, rawVoice: true };
    renderApp('', (t) => t.answer('drafts:get', () => ipcOk({ draft: saved, photo: null, recording: take, savedAt: '2026-03-12T10:00:01.000Z' })));
    await settle();
    expect(keepRaw().checked).toBe(true);
    fireEvent.click(keepRaw());
    expect(keepRaw().checked).toBe(false);
  });

  it('keeps what was typed before the saved draft arrived rather than overwriting it', async () => {
    let answer: () => void = () => undefined;
    const saved: CreateDraft = { script: 'Old words', language: 'en', workflowType: 'avatar_presentation', platforms: [], burnCaptions: false, coverTitle: false, trim: false };
    const { transport } = renderApp('', (t) =>
      t.answer('drafts:get', () => new Promise((resolve) => (answer = () => resolve(ipcOk({ draft: saved, photo: null, savedAt: '2026-03-12T10:00:00.000Z' }))))),
    );
    typeScript('New words');
    await act(async () => answer());
    await settle();
    expect((screen.getByLabelText('Script') as HTMLTextAreaElement).value).toBe('New words');
    await wait(DRAFT_SAVE_DELAY_MS);
    expect(transport.payloads('drafts:save')).toEqual([{ draft: expect.objectContaining({ script: 'New words' }) }]);
  });
});
