// @vitest-environment happy-dom
import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp, resetPage, settle } from './testing/render-app.js';

afterEach(resetPage);

const heading = () => screen.getByRole('heading', { level: 1 });
const navLink = (name: string) => screen.getByRole('navigation', { name: 'Sections' }).querySelector<HTMLAnchorElement>(`a[href="#/${name}"]`)!;

describe('the app shell', () => {
  it('starts on Create with the form, its link marked as the current page', async () => {
    renderApp();
    await settle();
    expect(heading().textContent).toBe('Create');
    expect(screen.getByRole('form', { name: 'New video' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Create' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('main')).toBeTruthy();
  });

  it('moves to a screen from the navigation: the address, the heading, the current link and focus follow', async () => {
    renderApp();
    await settle();
    fireEvent.click(screen.getByRole('link', { name: 'Library' }));
    await settle();
    expect(window.location.hash).toBe('#/library');
    expect(heading().textContent).toBe('Library');
    expect(document.activeElement).toBe(heading());
    expect(navLink('library').getAttribute('aria-current')).toBe('page');
    expect(navLink('create').getAttribute('aria-current')).toBeNull();
    expect(document.title).toBe('Library · TalkingPhoto');

    fireEvent.click(screen.getByRole('link', { name: 'Diagnostics' }));
    await settle();
    expect(window.location.hash).toBe('#/diagnostics');
    expect(heading().textContent).toBe('Diagnostics');
  });

  it('opens on the screen named in the address, so a reload stays where the creator was', async () => {
    renderApp('#/settings');
    await settle();
    expect(heading().textContent).toBe('Settings');
  });

  it('follows the address when it changes from outside (Back, a typed address)', async () => {
    renderApp('#/queue');
    await settle();
    expect(heading().textContent).toBe('Queue');
    window.location.hash = '#/library';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await settle();
    expect(heading().textContent).toBe('Library');
  });

  it('ignores an address it did not write and stays on the screen it shows', async () => {
    renderApp('#/settings');
    await settle();
    window.location.hash = '#/nowhere/at/all';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await settle();
    expect(heading().textContent).toBe('Settings');
  });

  it('has a skip link that moves focus to the screen without changing it', async () => {
    renderApp('#/queue');
    await settle();
    fireEvent.click(screen.getByRole('link', { name: 'Skip to content' }));
    expect(document.activeElement).toBe(screen.getByRole('main'));
    expect(window.location.hash).toBe('#/queue');
  });

  it('counts active jobs beside Queue', async () => {
    const { transport } = renderApp();
    await settle();
    transport.emit('job:progress', {
      jobId: '10000000-0000-4000-8000-000000000001',
      projectId: '20000000-0000-4000-8000-000000000001',
      stage: 'voice',
      percent: 10,
      message: 'Making the voice',
      etaMs: 20_000,
    });
    await settle();
    expect(navLink('queue').textContent).toBe('Queue1 active');
  });
});
