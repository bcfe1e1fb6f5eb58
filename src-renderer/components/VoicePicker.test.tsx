// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Voice } from '../../src-shared/ipc/engine-channels.js';
import { ipcOk } from '../../src-shared/ipc/envelope.js';
import { createCreateStore } from '../stores/create-store.js';
import { FakeTransport } from '../testing/fake-transport.js';
import { VoicePicker } from './VoicePicker.js';

afterEach(cleanup);

const MAC_ENGLISH: Voice[] = [
  { id: 'system:macos:say:Ava (Premium)', language: 'en', label: 'Ava (Premium)', engine: 'system', isDefault: true, quality: 'premium' },
  { id: 'system:macos:say:Samantha', language: 'en', label: 'Samantha', engine: 'system', isDefault: false, quality: 'standard' },
  { id: 'en-us', language: 'en', label: 'English (US), male', gender: 'male', engine: 'espeak-ng', isDefault: false, quality: 'basic' },
  { id: 'en-gb', language: 'en', label: 'English (UK), male', gender: 'male', engine: 'espeak-ng', isDefault: false },
];

describe('the voice picker', () => {
  it("shows the computer's voices and the built-in ones in two groups, each with how natural it sounds", () => {
    render(<VoicePicker id="voice" voices={MAC_ENGLISH} value={null} onChange={() => undefined} />);
    const select = screen.getByRole('combobox');
    const [own, builtIn] = within(select).getAllByRole('group');
    expect(own!.getAttribute('label')).toBe('This computer’s voices');
    expect(
      within(own!)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Ava (Premium) · natural, best', 'Samantha · clear']);
    expect(builtIn!.getAttribute('label')).toBe('Built-in voices (eSpeak)');
    expect(
      within(builtIn!)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['English (US), male · robotic', 'English (UK), male · robotic']);
    // The default is the empty value: a form left on it follows the language's default.
    expect((select as HTMLSelectElement).value).toBe('');
    expect((within(own!).getAllByRole('option')[0] as HTMLOptionElement).selected).toBe(true);
  });

  it("labels the creator's own Personal Voice as theirs, among the computer's voices", () => {
    const personal: Voice = {
      id: 'system:macos:personal:Maya’s Voice',
      language: 'en',
      label: 'Maya’s Voice (Personal Voice)',
      engine: 'system',
      isDefault: false,
      quality: 'enhanced',
      personal: true,
    };
    render(<VoicePicker id="voice" voices={[MAC_ENGLISH[0]!, personal, ...MAC_ENGLISH.slice(1)]} value={null} onChange={() => undefined} />);
    const [own] = within(screen.getByRole('combobox')).getAllByRole('group');
    expect(
      within(own!)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Ava (Premium) · natural, best', 'Maya’s Voice (Personal Voice) · your Personal Voice', 'Samantha · clear']);
  });

  it('lists eSpeak alone, without groups, where the computer has no voices of the language', () => {
    render(<VoicePicker id="voice" voices={MAC_ENGLISH.slice(2).map((v, i) => ({ ...v, isDefault: i === 0 }))} value={null} onChange={() => undefined} />);
    expect(screen.queryAllByRole('group')).toHaveLength(0);
    expect(screen.getAllByRole('option')).toHaveLength(2);
  });

  it('answers the id chosen, and null for the default', () => {
    const onChange = vi.fn();
    render(<VoicePicker id="voice" voices={MAC_ENGLISH} value={null} onChange={onChange} />);
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'system:macos:say:Samantha' } });
    fireEvent.change(screen.getByRole('combobox'), { target: { value: '' } });
    expect(onChange.mock.calls).toEqual([['system:macos:say:Samantha'], [null]]);
  });
});

describe('the voice remembered per language', () => {
  const transport = () =>
    new FakeTransport()
      .answer('voices:list', ({ language }) =>
        ipcOk({
          voices:
            language === 'ja'
              ? [
                  { id: 'ja', language: 'ja', label: 'Japanese, male', engine: 'espeak-ng', isDefault: true, quality: 'basic' },
                  { id: 'ja+f3', language: 'ja', label: 'Japanese, female', engine: 'espeak-ng', isDefault: false, quality: 'basic' },
                ]
              : MAC_ENGLISH,
        }),
      )
      .answer('settings:set', () =>
        ipcOk({
          preferences: { theme: 'system', language: 'en', voice: null, platforms: [], size: 'auto', voiceByLanguage: {}, uploadCrashReports: false },
          library: { folder: '/lib', movingTo: null, problem: null },
        }),
      )
      .answer('drafts:save', () => ipcOk({ savedAt: null }));

  it('brings back the voice chosen for a language when the form switches back to it, and tells Settings', async () => {
    const t = transport();
    const store = createCreateStore(t, { language: 'en', voice: null, platforms: [] });
    await store.getState().setLanguage('en');
    store.getState().chooseVoice('system:macos:say:Samantha');
    await store.getState().setLanguage('ja');
    expect(store.getState().voice).toBeNull();
    store.getState().chooseVoice('ja+f3');
    await store.getState().setLanguage('en');
    expect(store.getState().voice).toBe('system:macos:say:Samantha');
    await store.getState().setLanguage('ja');
    expect(store.getState().voice).toBe('ja+f3');
    expect(t.payloads('settings:set')).toEqual([{ voiceByLanguage: { en: 'system:macos:say:Samantha' } }, { voiceByLanguage: { ja: 'ja+f3' } }]);
  });

  it('says in one sentence that a remembered computer voice is gone, and falls back to the default', async () => {
    const store = createCreateStore(transport(), { language: 'en', voice: null, platforms: [], voiceByLanguage: { en: 'system:macos:say:Zoe (Enhanced)' } });
    await store.getState().setLanguage('en');
    expect(store.getState().voice).toBeNull();
    expect(store.getState().voiceNotice).toBe('The voice “Zoe (Enhanced)” is no longer on this computer: “Ava (Premium)” speaks instead.');
  });
});
