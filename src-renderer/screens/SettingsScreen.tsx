import { useStore } from 'zustand';
import { SUPPORTED_LANGUAGES, type LanguageCode } from '../../src-shared/limits.js';
import { ScreenHeader } from '../components/ScreenHeader.js';
import { LANGUAGE_NAMES, PLATFORM_IDS, PLATFORM_NAMES } from '../labels.js';
import { useStores } from '../stores/app-stores.js';
import { THEMES, type Theme } from '../stores/settings-store.js';

const THEME_CHOICES: Record<Theme, { label: string; hint: string }> = {
  system: { label: 'System', hint: 'Follows your computer’s light or dark mode.' },
  light: { label: 'Light', hint: 'Dark text on a light background.' },
  dark: { label: 'Dark', hint: 'Light text on a dark background, easier on the eyes at night.' },
};

/** Cloud providers the routing spec names; their keys will live in the system keychain. */
const PROVIDER_KEYS = ['Google Gemini (images and Veo video)', 'Ideogram', 'Runway', 'HeyGen', 'D-ID', 'ElevenLabs'] as const;

const isLanguage = (value: string): value is LanguageCode => (SUPPORTED_LANGUAGES as readonly string[]).includes(value);

export function SettingsScreen() {
  const settings = useStores().settings;
  const state = useStore(settings);

  return (
    <div className="screen settings-screen">
      <ScreenHeader title="Settings" subtitle="Saved on this computer; nothing is sent anywhere." />

      <section className="panel settings-section" aria-labelledby="settings-appearance">
        <h2 id="settings-appearance">Appearance</h2>
        <fieldset className="choice-group">
          <legend>Theme</legend>
          {THEMES.map((theme) => (
            <label key={theme} className="choice">
              <input type="radio" name="theme" value={theme} checked={state.theme === theme} onChange={() => state.setTheme(theme)} />
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
              if (isLanguage(event.target.value)) state.setLanguage(event.target.value);
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
        <fieldset className="checkbox-grid">
          <legend>Default platforms</legend>
          <p className="hint">The export kit makes a ready-to-upload version for each platform you tick.</p>
          {PLATFORM_IDS.map((id) => (
            <label key={id} className="check">
              <input type="checkbox" checked={state.platforms.includes(id)} onChange={(event) => state.setPlatform(id, event.target.checked)} />
              {PLATFORM_NAMES[id]}
            </label>
          ))}
        </fieldset>
      </section>

      <section className="panel settings-section" aria-labelledby="settings-providers">
        <h2 id="settings-providers">Cloud providers</h2>
        <p className="hint" id="providers-note">
          Optional. Everything works offline with the built-in engines; adding your own API keys arrives in a later version, and they will be kept in
          your system’s keychain, never in a file.
        </p>
        <fieldset className="provider-keys" disabled aria-describedby="providers-note">
          <legend className="visually-hidden">API keys</legend>
          {PROVIDER_KEYS.map((provider, index) => (
            <div className="field" key={provider}>
              <label className="label" htmlFor={`provider-key-${index}`}>
                {provider}
              </label>
              <input id={`provider-key-${index}`} type="password" placeholder="Not set" autoComplete="off" disabled />
            </div>
          ))}
        </fieldset>
      </section>

      <section className="panel settings-section" aria-labelledby="settings-account">
        <h2 id="settings-account">Account</h2>
        <p className="hint" id="account-note">
          Signing in and buying a plan arrive in a later version. Until then every video is made on this computer with no account.
        </p>
        <button type="button" disabled aria-describedby="account-note">
          Sign in
        </button>
      </section>
    </div>
  );
}
