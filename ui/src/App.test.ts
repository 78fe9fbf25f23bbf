import { describe, expect, it, vi, beforeEach, beforeAll } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import { makeStatus } from '$lib/testing/fake-ipc';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import App from './App.svelte';
import { preloadSections } from '$lib/sections';
import { backend } from '$lib/testing/fake-client';
import { navigation } from '$lib/navigation.svelte';

/** Lets every callback already queued run (the fake answers at once, in microtasks). */
const settled = () => new Promise<void>((r) => setTimeout(r, 0));

// The views' code is loaded before the tests, as the app does once it has started.
beforeAll(() => preloadSections(), 120_000);

beforeEach(() => {
  const b = backend;
  b.statusListeners = [];
  b.changeListeners = [];
  b.feedListeners = [];
  b.infoCalls = 0;
  b.status = makeStatus();
  b.settingsProblem = null;
  b.uiSettings = { theme: 'system', lastView: null, lists: {}, path: '/cfg/settings.json' };
  b.themesKept = [];
  b.viewsKept = [];
  navigation.open('home');
});

describe('App shell', () => {
  it('shows onboarding with every endpoint tried while no engine was ever reached', async () => {
    backend.status = makeStatus({
      state: 'unavailable',
      everConnected: false,
      endpoint: null,
      lastError: 'no socket at /run/x.sock',
      attempts: [
        {
          endpoint: { host: 'unix:///run/x.sock', source: { kind: 'dockerHostEnv' } },
          sourceLabel: 'DOCKER_HOST environment variable',
          configured: true,
          serverVersion: null,
          error: 'the Docker engine is not reachable: no socket at /run/x.sock',
        },
        {
          endpoint: {
            host: 'unix:///home/a/.colima/default/docker.sock',
            source: { kind: 'wellKnown', product: 'Colima' },
          },
          sourceLabel: 'Colima',
          configured: false,
          serverVersion: 'API 1.47',
          error: null,
        },
      ],
    });
    render(App);
    expect(await screen.findByTestId('onboarding')).toBeInTheDocument();
    const attempts = screen.getAllByTestId('onboarding-attempt');
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toHaveTextContent('no socket at /run/x.sock');
    expect(attempts[0]).toHaveAttribute('data-ok', 'false');
    expect(attempts[1]).toHaveAttribute('data-ok', 'true');
    // A working engine elsewhere can be picked; the configured one cannot be "used" again.
    expect(screen.getAllByTestId('use-endpoint-button')).toHaveLength(1);
    expect(screen.queryByTestId('home-view')).not.toBeInTheDocument();
  });

  it('moves from onboarding to home when the engine appears, without a restart', async () => {
    backend.status = makeStatus({ state: 'unavailable', everConnected: false });
    render(App);
    await screen.findByTestId('onboarding');
    backend.pushStatus(makeStatus());
    expect(await screen.findByTestId('home-view')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('engine-version')).toHaveTextContent('20.10.24'));
    expect(screen.getByTestId('count-containers')).toHaveTextContent('5');
    expect(screen.getByTestId('count-paused')).toHaveTextContent('1');
    await waitFor(() => expect(backend.firstPaints).toBe(1));
  });

  it('shows the banner when a connected engine goes away, and hides it when it returns', async () => {
    render(App);
    await screen.findByTestId('home-view');
    expect(screen.queryByTestId('engine-banner')).not.toBeInTheDocument();
    backend.pushStatus(
      makeStatus({ state: 'unavailable', lastError: 'Connection refused (os error 111)' }),
    );
    const banner = await screen.findByTestId('engine-banner');
    expect(banner).toHaveTextContent('Connection refused');
    expect(banner).toHaveTextContent('unix:///var/run/docker.sock');
    // The last known facts stay on screen meanwhile.
    expect(screen.getByTestId('engine-version')).toBeInTheDocument();
    backend.pushStatus(makeStatus());
    await waitFor(() => expect(screen.queryByTestId('engine-banner')).not.toBeInTheDocument());
  });

  it('refetches facts when counted kinds change, and not for others', async () => {
    render(App);
    await screen.findByTestId('home-view');
    await waitFor(() => expect(backend.infoCalls).toBe(1));
    // Let the first fetch finish: a notice during it would be folded into a later fetch.
    await settled();
    // The fake counts a fetch as soon as it is asked for, so a wrong one shows at once.
    backend.pushChange({ kinds: ['secret'], reconcile: false, containerIds: null });
    expect(backend.infoCalls).toBe(1);
    await settled();
    expect(backend.infoCalls).toBe(1);
    backend.pushChange({ kinds: ['container'], reconcile: false, containerIds: null });
    await waitFor(() => expect(backend.infoCalls).toBe(2));
    await settled();
    backend.pushChange({ kinds: [], reconcile: true, containerIds: null });
    await waitFor(() => expect(backend.infoCalls).toBe(3));
  });

  it('rebuilds the view for a new engine and says what was closed, not for a reconnect', async () => {
    render(App);
    await screen.findByTestId('home-view');
    screen.getByTestId('nav-containers').click();
    const view = await screen.findByTestId('containers-view');
    // A reconnect to the same engine keeps the view as it was.
    backend.pushStatus(makeStatus({ state: 'unavailable' }));
    backend.pushStatus(makeStatus());
    await settled();
    expect(screen.getByTestId('containers-view')).toBe(view);
    expect(screen.queryByTestId('engine-switched-note')).not.toBeInTheDocument();
    // Another engine: a new view, and a note naming both engines.
    backend.pushStatus(makeStatus({ target: { kind: 'context', name: 'eng-b' } }));
    await waitFor(() => expect(screen.getByTestId('containers-view')).not.toBe(view));
    const note = screen.getByTestId('engine-switched-note');
    expect(note).toHaveTextContent('Now on eng-b');
    expect(note).toHaveTextContent('open on unix:///var/run/docker.sock');
    screen.getByRole('button', { name: 'Dismiss' }).click();
    await waitFor(() =>
      expect(screen.queryByTestId('engine-switched-note')).not.toBeInTheDocument(),
    );
  });

  it('says when the settings file was set aside, until dismissed', async () => {
    backend.settingsProblem = 'Settings were not used: bad JSON. The file was kept as x.broken.';
    render(App);
    const problem = await screen.findByTestId('settings-problem');
    expect(problem).toHaveTextContent('kept as x.broken');
    screen.getByRole('button', { name: 'Dismiss' }).click();
    await waitFor(() => expect(screen.queryByTestId('settings-problem')).not.toBeInTheDocument());
  });

  it('starts on the kept theme and section, and keeps the next section shown', async () => {
    backend.uiSettings = {
      theme: 'dark',
      lastView: 'volumes',
      lists: {},
      path: '/cfg/settings.json',
    };
    render(App);
    expect(await screen.findByTestId('volumes-view')).toBeInTheDocument();
    expect(document.documentElement.dataset.theme).toBe('dark');
    screen.getByTestId('nav-networks').click();
    await waitFor(() => expect(backend.viewsKept.at(-1)).toBe('networks'));
  });

  it('ignores a kept section that no longer exists', async () => {
    backend.uiSettings = { theme: 'light', lastView: 'gone-away', lists: {}, path: null };
    render(App);
    expect(await screen.findByTestId('home-view')).toBeInTheDocument();
    await settled();
    expect(screen.getByTestId('home-view')).toBeInTheDocument();
    expect(document.documentElement.dataset.theme).toBe('light');
  });

  it('lists only sections that exist', async () => {
    render(App);
    await screen.findByTestId('home-view');
    expect(screen.getByTestId('nav-home')).toBeInTheDocument();
    expect(screen.queryByText(/coming soon/i)).not.toBeInTheDocument();
  });
});
