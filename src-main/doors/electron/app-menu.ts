import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu: Electron's standard menus, plus "Check for Updates…" where each
 * OS puts it (macOS: the app menu, below About; Windows and Linux: Help). A template
 * only, built without Electron, so a test can find and click the item.
 */
export function applicationMenu(input: { platform: NodeJS.Platform; productName: string; checkForUpdates: () => void }): MenuItemConstructorOptions[] {
  const checkItem: MenuItemConstructorOptions = { id: 'check-for-updates', label: 'Check for Updates…', click: () => input.checkForUpdates() };
  if (input.platform === 'darwin') {
    return [
      {
        label: input.productName,
        submenu: [
          { role: 'about' },
          checkItem,
          { type: 'separator' },
          { role: 'services' },
          { type: 'separator' },
          { role: 'hide' },
          { role: 'hideOthers' },
          { role: 'unhide' },
          { type: 'separator' },
          { role: 'quit' },
        ],
      },
      { role: 'fileMenu' },
      { role: 'editMenu' },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
      { role: 'help', submenu: [] },
    ];
  }
  return [{ role: 'fileMenu' }, { role: 'editMenu' }, { role: 'viewMenu' }, { role: 'windowMenu' }, { role: 'help', submenu: [checkItem] }];
}
