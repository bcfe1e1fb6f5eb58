import { describe, expect, it } from 'vitest';
import { AccountClient } from './account-client.js';
import { serviceUrlProblem } from './service-url.js';

describe('the licensing service address', () => {
  it('is https in a packaged app, whatever the host', () => {
    expect(serviceUrlProblem('https://licensing.talkingphoto.app', true)).toBeUndefined();
    expect(serviceUrlProblem('http://licensing.talkingphoto.app', true)).toMatch(/only over https:\/\//);
    expect(serviceUrlProblem('http://127.0.0.1:4000', true)).toMatch(/only over https:\/\//);
    expect(serviceUrlProblem('http://localhost:4000', true)).toMatch(/only over https:\/\//);
  });

  it('may be plain http on this computer only while developing', () => {
    expect(serviceUrlProblem('http://127.0.0.1:4000', false)).toBeUndefined();
    expect(serviceUrlProblem('http://localhost:4000', false)).toBeUndefined();
    expect(serviceUrlProblem('http://[::1]:4000', false)).toBeUndefined();
    expect(serviceUrlProblem('http://licensing.example.com', false)).toMatch(/http:\/\/licensing\.example\.com is neither/);
    expect(serviceUrlProblem('http://127.0.0.1.example.com', false)).toBeDefined();
    expect(serviceUrlProblem('ftp://127.0.0.1', false)).toBeDefined();
    expect(serviceUrlProblem('not a url', false)).toMatch(/not a web address/);
  });

  it('an account client pointed at plain http elsewhere refuses with SERVICE_UNREACHABLE and sends nothing', async () => {
    let sent = 0;
    const client = new AccountClient('http://licensing.example.com', null, (async () => {
      sent += 1;
      return new Response('{}');
    }) as typeof fetch);
    await expect(client.signIn('me@example.com', 'correct horse battery')).rejects.toMatchObject({ code: 'SERVICE_UNREACHABLE', message: expect.stringMatching(/only over https/) });
    expect(sent).toBe(0);
  });
});
