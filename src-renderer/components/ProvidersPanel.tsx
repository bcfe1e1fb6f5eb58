import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { ProviderRow } from '../../src-shared/ipc/provider-channels.js';
import { CAPABILITIES, type Capability, type ProviderId, type Tier } from '../../src-shared/providers.js';
import { useStores } from '../stores/app-stores.js';

/**
 * Settings → Providers (issue 7): the creator's own API keys, tested with a real call and
 * kept in the system keychain, and the order the router tries providers in. Everything
 * works without any of it; the local engines end every chain.
 */

const CAPABILITY_NAMES: Record<Capability, string> = { image_enhancement: 'Photo enhancement', speech: 'Voice', video_generation: 'Talking video' };
const TIER_NAMES: Record<Tier, string> = { free: 'Free', starter: 'Starter', pro: 'Pro', enterprise: 'Enterprise' };
const KEY_WORDS: Record<ProviderRow['key'], string> = { 'not set': 'No key', set: 'Key saved', verified: 'Key works' };
const KEY_TONE: Record<ProviderRow['key'], string> = { 'not set': 'neutral', set: 'busy', verified: 'good' };

const usd = (n: number): string => `$${n < 1 ? n.toFixed(3) : n.toFixed(2)}`;

function priceText(row: ProviderRow): string {
  return `${usd(row.price.usdPerUnit)} per ${row.price.unit}`;
}

function ProviderKeyRow({ row }: { row: ProviderRow }) {
  const { providers } = useStores();
  const state = useStore(providers);
  const [typed, setTyped] = useState('');
  const inputId = `provider-key-${row.id}`;
  const hintId = `${inputId}-hint`;
  const test = state.tests[row.id];
  const busy = state.busy[row.id] === true;
  const fromEnvironment = row.keySource === 'environment';
  return (
    <li className="provider-row">
      <div className="provider-head">
        <h3 className="provider-name">{row.name}</h3>
        <span className={`badge tone-${KEY_TONE[row.key]}`}>{KEY_WORDS[row.key]}</span>
        {row.circuit !== 'closed' && <span className="badge tone-bad">Paused after failures</span>}
      </div>
      <p className="hint" id={hintId}>
        {row.capabilities.map((c) => CAPABILITY_NAMES[c]).join(', ')} · {priceText(row)}
        {row.health.calls > 0 && ` · ${row.health.ok} of the last ${row.health.calls} calls worked`}
        {row.spent30dUsd > 0 && ` · ${usd(row.spent30dUsd)} spent in 30 days`}
        {fromEnvironment && ' · key from the environment (TALKINGPHOTO_…_API_KEY)'}
      </p>
      <form
        className="inline-field"
        onSubmit={(event) => {
          event.preventDefault();
          void providers
            .getState()
            .setKey(row.id, typed)
            .then((kept) => kept && setTyped(''));
        }}
      >
        <label className="visually-hidden" htmlFor={inputId}>
          {row.name} API key
        </label>
        <input
          id={inputId}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={typed}
          placeholder={row.key === 'not set' ? 'Paste your API key' : 'Paste a new key to replace it'}
          aria-describedby={hintId}
          disabled={busy || fromEnvironment || !state.data?.keychain}
          onChange={(event) => setTyped(event.target.value)}
        />
        <button type="submit" disabled={busy || typed.trim().length < 8}>
          Save
        </button>
        <button type="button" disabled={busy || row.key === 'not set'} onClick={() => void providers.getState().testKey(row.id)}>
          Test
        </button>
        <button type="button" disabled={busy || row.key === 'not set' || fromEnvironment} onClick={() => void providers.getState().removeKey(row.id)}>
          Remove
        </button>
      </form>
      {test && (
        <p className={test.ok ? 'hint' : 'error-text'} role="status">
          {test.message}
        </p>
      )}
    </li>
  );
}

function ChainEditor({ capability, chain, names }: { capability: Capability; chain: ProviderId[]; names: Map<ProviderId, string> }) {
  const { providers } = useStores();
  const cloud = chain.filter((id) => id !== 'local');
  return (
    <div className="chain">
      <h3 id={`chain-${capability}`}>{CAPABILITY_NAMES[capability]}</h3>
      <ol aria-labelledby={`chain-${capability}`}>
        {cloud.map((id, index) => (
          <li key={id}>
            <span>{names.get(id)}</span>
            <button type="button" aria-label={`Try ${names.get(id)} earlier`} disabled={index === 0} onClick={() => void providers.getState().move(capability, id, -1)}>
              ↑
            </button>
            <button type="button" aria-label={`Try ${names.get(id)} later`} disabled={index === cloud.length - 1} onClick={() => void providers.getState().move(capability, id, 1)}>
              ↓
            </button>
          </li>
        ))}
        <li>
          <span>On this computer (always last, always free)</span>
        </li>
      </ol>
    </div>
  );
}

export function ProvidersPanel() {
  const { providers, account } = useStores();
  const state = useStore(providers);
  // The plan sets the budget shown here: a purchase or a sign-out reloads it.
  const plan = useStore(account, (s) => s.account?.tier);
  useEffect(() => void providers.getState().load(), [providers, plan]);
  const data = state.data;
  const names = new Map(data?.providers.map((p) => [p.id, p.name]) ?? []);
  const keyed = data?.providers.filter((p) => p.needsKey && p.callable) ?? [];
  const notCallable = data?.providers.filter((p) => !p.callable) ?? [];

  return (
    <section className="panel settings-section" aria-labelledby="settings-providers">
      <h2 id="settings-providers">Cloud providers</h2>
      <p className="hint">
        Optional. Every video is made on this computer for free; with your own API keys, TalkingPhoto tries these services first and falls back to this computer when one fails, is too slow or would go
        over your budget. Keys are kept in your system’s keychain, never in a file.
      </p>
      {state.error && (
        <p className="error" role="alert">
          {state.error.message}
        </p>
      )}
      {data && !data.keychain && (
        <p className="error" role="alert">
          This computer has no keychain TalkingPhoto can use, so keys cannot be saved here: set them as TALKINGPHOTO_&lt;PROVIDER&gt;_API_KEY instead.
        </p>
      )}
      {data && (
        <>
          <ul className="provider-list">
            {keyed.map((row) => (
              <ProviderKeyRow key={row.id} row={row} />
            ))}
          </ul>
          {notCallable.map((row) => (
            <p key={row.id} className="hint">
              <strong>{row.name}</strong>: {row.notCallable}
            </p>
          ))}
          <h3>Order to try</h3>
          <div className="chains">
            {CAPABILITIES.map((capability) => (
              <ChainEditor key={capability} capability={capability} chain={data.chains[capability]} names={names} />
            ))}
          </div>
          <div className="budget-fields">
            <div className="field narrow">
              <label className="label" htmlFor="daily-cap">
                Daily spending cap (USD)
              </label>
              <input
                id="daily-cap"
                type="number"
                min={0}
                step={0.5}
                defaultValue={data.dailyCapUsd}
                aria-describedby="daily-cap-hint"
                onBlur={(event) => {
                  const value = Number(event.target.value);
                  if (Number.isFinite(value) && value >= 0 && value !== data.dailyCapUsd) void providers.getState().setDailyCap(value);
                }}
              />
              <p className="hint" id="daily-cap-hint">
                ${data.todaySpentUsd.toFixed(2)} spent today. You are warned at 80%; nothing is spent past the cap.
              </p>
            </div>
            <p className="hint">
              Your {TIER_NAMES[data.tier]} plan allows up to ${data.projectBudgetUsd.toFixed(2)} of cloud work a video; premium video services are for Pro and Enterprise (Settings, Account).
            </p>
          </div>
        </>
      )}
    </section>
  );
}
