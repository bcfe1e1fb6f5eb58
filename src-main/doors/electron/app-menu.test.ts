import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { applicationMenu } from './app-menu.js';

function find(items: MenuItemConstructorOptions[], label: string, path: string[] = []): { item: MenuItemConstructorOptions; path: string[] } | null {
  for (const item of items) {
    if (item.label === label) return { item, path };
    const submenu = Array.isArray(item.submenu) ? item.submenu : [];
    const found = find(submenu, label, [...path, item.label ?? item.role ?? '?']);
    if (found) return found;
  }
  return null;
}

describe('the application menu', () => {
  it('offers Check for Updates… in Help on Windows and Linux, and in the app menu on macOS, and clicking it checks', () => {
    for (const [platform, where] of [
      ['win32', ['help']],
      ['linux', ['help']],
      ['darwin', ['TalkingPhoto']],
    ] as const) {
      let checks = 0;
      const menu = applicationMenu({ platform, productName: 'TalkingPhoto', checkForUpdates: () => void (checks += 1) });
      const found = find(menu, 'Check for Updates…');
      expect(found?.path).toEqual(where);
      (found!.item.click as () => void)();
      expect(checks).toBe(1);
      // The standard menus stay: editing shortcuts (copy, paste) live in the Edit menu's roles.
      expect(menu.map((item) => item.role).filter(Boolean)).toEqual(expect.arrayContaining(['editMenu', 'windowMenu', 'help']));
    }
  });
});
