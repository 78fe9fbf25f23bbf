import { describe, expect, it, vi, beforeEach, beforeAll } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { makeStatus } from '$lib/testing/fake-ipc';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import App from '../../../App.svelte';
import { preloadSections } from '$lib/sections';
import { backend } from '$lib/testing/fake-client';

// The views' code is loaded before the tests, as the app does once it has started.
beforeAll(() => preloadSections(), 120_000);

beforeEach(() => {
  backend.statusListeners = [];
  backend.changeListeners = [];
  backend.feedListeners = [];
  backend.switches = [];
  backend.status = makeStatus({ target: { kind: 'context', name: 'home-server' }, link: 'tls' });
  backend.engineChoices = [
    { target: { kind: 'configured' }, label: 'Configured', host: 'unix:///a.sock', detail: 'x' },
    {
      target: { kind: 'context', name: 'home-server' },
      label: 'home-server',
      host: null,
      detail: 'docker context',
    },
    {
      target: { kind: 'context', name: 'cloud' },
      label: 'cloud',
      host: 'ssh://me@vm',
      detail: 'docker context',
    },
  ];
});

describe('engine badge and switcher', () => {
  it('names the engine in the sidebar with how it is reached', async () => {
    render(App);
    const badge = await screen.findByTestId('engine-badge');
    expect(badge.textContent).toContain('home-server');
    expect(badge.textContent).toContain('TLS');
  });

  it('Ctrl-E then a digit switches: two keystrokes', async () => {
    render(App);
    await screen.findByTestId('engine-badge');
    await fireEvent.keyDown(window, { key: 'e', ctrlKey: true });
    await waitFor(() => expect(screen.getAllByTestId('engine-choice')).toHaveLength(3));
    await fireEvent.keyDown(window, { key: '3' });
    await waitFor(() => expect(screen.queryByTestId('engine-switcher')).toBeNull());
    expect(backend.switches).toEqual([{ kind: 'context', name: 'cloud' }]);
  });

  it('arrows and Enter pick; the one in use is marked and preselected', async () => {
    render(App);
    await screen.findByTestId('engine-badge');
    await fireEvent.keyDown(window, { key: 'e', metaKey: true });
    await waitFor(() => expect(screen.getAllByTestId('engine-choice')).toHaveLength(3));
    const selected = () =>
      screen
        .getAllByTestId('engine-choice')
        .findIndex((c) => c.getAttribute('aria-selected') === 'true');
    expect(selected()).toBe(1);
    await fireEvent.keyDown(window, { key: 'ArrowUp' });
    expect(selected()).toBe(0);
    await fireEvent.keyDown(window, { key: 'Enter' });
    await waitFor(() => expect(backend.switches).toEqual([{ kind: 'configured' }]));
  });

  it('Escape closes without switching and gives focus back to the badge', async () => {
    render(App);
    const badge = await screen.findByTestId('engine-badge');
    badge.focus();
    await fireEvent.click(badge);
    await screen.findByTestId('engine-switcher');
    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('engine-switcher')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(badge));
    expect(backend.switches).toEqual([]);
  });
});
