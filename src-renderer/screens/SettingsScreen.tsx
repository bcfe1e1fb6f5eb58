import { useEffect } from 'react';
import { useStore } from 'zustand';
import { SUPPORTED_LANGUAGES, type LanguageCode } from '../../src-shared/limits.js';
import { VIDEO_SIZES, type VideoSize } from '../../src-shared/preferences.js';
import { AccountPanel } from '../components/AccountPanel.js';
import { LibraryLocationPanel } from '../components/LibraryLocationPanel.js';
import { PrivacyPanel } from '../components/PrivacyPanel.js';
import { ProvidersPanel } from '../components/ProvidersPanel.js';
import { ScreenHeader } from '../components/ScreenHeader.js';
import { UpdatesPanel } from '../components/UpdatesPanel.js';
import { VoicePicker } from '../components/VoicePicker.js';
import { YourDataPanel } from '../components/YourDataPanel.js';
import { LANGUAGE_NAMES, PLATFORM_IDS, PLATFORM_NAMES } from '../labels.js';
import { useStores } from '../stores/app-stores.js';
import { THEMES, type Theme } from '../stores/settings-store.js';
import '../settings.css';

const THEME_CHOICES: Record<Theme, { label: string; hint: string }> = {
  system: { label: 'System', hint: 'Follows your computer’s light or dark mode.' },
  light: { label: 'Light', hint: 'Dark text on a light background.' },
  dark: { label: 'Dark', hint: 'Light text on a dark background, easier on the eyes at night.' },
};

const SIZE_CHOICES: Record<VideoSize, { label: string; hint: string }> = {
  auto: { label: 'Best for the kit', hint: 'As large as your platforms need (up to 1080×1920).' },
  '720x1280': { label: '720×1280', hint: 'About twice as fast; a little softer on large screens.' },
  '1080x1920': { label: '1080×1920', hint: 'Full HD vertical, always.' },
};

const isLanguage = (value: string): value is LanguageCode => (SUPPORTED_LANGUAGES as readonly string[]).includes(value);

export function SettingsScreen() {
  const settings = useStores().settings;
  const state = useStore(settings);
  const voices = state.voices;
  useEffect(() => void settings.getState().loadVoices(), [settings, state.language]);

  return (
    <div className="screen settings-screen">
      <ScreenHeader title="Settings" subtitle="Saved on this computer; nothing is sent anywhere." />
      {state.error && (
        <p className="error" role="alert">
          {state.error.message}
        </p>
      )}

      <section className="panel settings-section" aria-labelledby="settings-appearance">
        <h2 id="settings-appearance">Appearance</h2>
        <fieldset className="choice-group">
          <legend>Theme</legend>
          {THEMES.map((theme) => (
            <label key={theme} className="choice">
              <input type="radio" name="theme" value={theme} checked={state.theme === theme} onChange={() => void state.setTheme(theme)} />
              <span>
                <span className="choice-label">{THEME_CHOICES[theme].label}</span>
                <span className="hint">{THEME_CHOICES[theme].hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
      </section>

      <section className="panel settings-section" aria-labelledby="settings-new">
        <h2 id="settings-new">New videos</h2>
        <div className="field narrow">
          <label className="label" htmlFor="default-language">
            Default language
          </label>
          <select
            id="default-language"
            value={state.language}
            onChange={(event) => {
              if (isLanguage(event.target.value)) void state.setLanguage(event.target.value);
            }}
          >
            {SUPPORTED_LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {LANGUAGE_NAMES[code]}
              </option>
            ))}
          </select>
          <p className="hint">The script language a new video starts with.</p>
        </div>
        <div className="field narrow">
          <label className="label" htmlFor="default-voice">
            Default voice
          </label>
          <VoicePicker id="default-voice" voices={voices} value={state.voice} onChange={(voice) => void state.setVoice(voice)} />
          <p className="hint">Who speaks a new video’s script; you can still pick another for each video.</p>
        </div>
        <fieldset className="choice-group">
          <legend>Video size</legend>
          {VIDEO_SIZES.map((size) => (
            <label key={size} className="choice">
              <input type="radio" name="video-size" value={size} checked={state.size === size} onChange={() => void state.setSize(size)} />
              <span>
                <span className="choice-label">{SIZE_CHOICES[size].label}</span>
                <span className="hint">{SIZE_CHOICES[size].hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset className="checkbox-grid">
          <legend>Default platforms</legend>
          <p className="hint">The export kit makes a ready-to-upload version for each platform you tick.</p>
          {PLATFORM_IDS.map((id) => (
            <label key={id} className="check">
              <input type="checkbox" checked={state.platforms.includes(id)} onChange={(event) => void state.setPlatform(id, event.target.checked)} />
              {PLATFORM_NAMES[id]}
            </label>
          ))}
        </fieldset>
      </section>

      <LibraryLocationPanel />

      <YourDataPanel />

      <ProvidersPanel />

      <AccountPanel />

      <PrivacyPanel />

      <UpdatesPanel />
    </div>
  );
}
