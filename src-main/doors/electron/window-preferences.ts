import type { WebPreferences } from 'electron';

/**
 * The main window's web preferences: a sandboxed, isolated page that reaches main only
 * through the preload's bridge. A packaged app has no DevTools (issue 13): they would
 * let anyone at the keyboard run code with the page's bridge and read what it shows.
 */
export function mainWindowPreferences(input: { preload: string; packaged: boolean }): WebPreferences {
  return {
    preload: input.preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    webviewTag: false,
    // Local-first: on Linux Chromium's spellchecker fetches its dictionaries from Google.
    spellcheck: false,
    devTools: !input.packaged,
  };
}
