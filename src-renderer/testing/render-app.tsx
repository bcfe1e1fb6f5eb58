import { act, cleanup, render } from '@testing-library/react';
import { App } from '../App.js';
import type { FakeTransport } from './fake-transport.js';
import { testStores } from './fixtures.js';

/** The whole window on a fake transport, opened at `hash` as a reload there would; `prepare` sets answers before it starts asking. */
export function renderApp(hash = '', prepare?: (transport: FakeTransport) => void) {
  window.location.hash = hash;
  const context = testStores();
  prepare?.(context.transport);
  render(<App stores={context.stores} />);
  return context;
}

/** Lets answered requests reach the stores and the screen (promises, not timers). */
export async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
  });
}

export function resetPage(): void {
  cleanup();
  window.localStorage.clear();
  delete document.documentElement.dataset.theme;
}
