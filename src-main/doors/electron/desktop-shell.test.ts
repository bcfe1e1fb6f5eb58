import { beforeEach, describe, expect, it, vi } from 'vitest';

// The Electron parts DesktopShell uses, as their typings describe them; no Electron binary here.
const opened: string[] = [];
vi.mock('electron', () => ({
  app: { isPackaged: true },
  dialog: {},
  shell: { openExternal: async (url: string) => void opened.push(url), showItemInFolder: () => undefined },
}));

const { DesktopShell } = await import('./desktop-shell.js');

describe('the desktop shell opening links', () => {
  beforeEach(() => {
    opened.length = 0;
    delete process.env.TALKINGPHOTO_LICENSE_URL;
  });

  it('hands Stripe’s and the licensing service’s pages to the browser, and nothing else', async () => {
    const shell = new DesktopShell(() => null);
    expect(await shell.openExternal('https://checkout.stripe.com/c/pay/cs_live_1')).toBe(true);
    expect(await shell.openExternal('https://licensing.talkingphoto.app/account')).toBe(true);
    expect(await shell.openExternal('https://example.com/')).toBe(false);
    expect(await shell.openExternal('file:///etc/passwd')).toBe(false);
    expect(opened).toEqual(['https://checkout.stripe.com/c/pay/cs_live_1', 'https://licensing.talkingphoto.app/account']);
  });

  it('in a packaged app, does not follow a licensing address on plain http', async () => {
    process.env.TALKINGPHOTO_LICENSE_URL = 'http://127.0.0.1:4510';
    const shell = new DesktopShell(() => null);
    expect(await shell.openExternal('http://127.0.0.1:4510/checkout')).toBe(false);
    expect(opened).toEqual([]);
  });
});
