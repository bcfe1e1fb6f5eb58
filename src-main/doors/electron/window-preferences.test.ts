import { describe, expect, it } from 'vitest';
import { mainWindowPreferences } from './window-preferences.js';

describe('the main window', () => {
  it('has no DevTools in a packaged app, and keeps them while developing', () => {
    expect(mainWindowPreferences({ preload: '/app/preload.cjs', packaged: true }).devTools).toBe(false);
    expect(mainWindowPreferences({ preload: '/app/preload.cjs', packaged: false }).devTools).toBe(true);
  });

  it('stays sandboxed and isolated either way', () => {
    for (const packaged of [true, false]) {
      expect(mainWindowPreferences({ preload: '/app/preload.cjs', packaged })).toMatchObject({
        preload: '/app/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        webviewTag: false,
      });
    }
  });
});
