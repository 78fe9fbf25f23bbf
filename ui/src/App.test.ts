import { describe, expect, it, vi, beforeEach } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import { makeStatus } from '$lib/testing/fake-ipc';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import App from './App.svelte';
import { backend } from '$lib/testing/fake-client';

/** Lets every callback already queued run (the fake answers at once, in microtasks). */
const settled = () => new Promise<void>((r) => setTimeout(r, 0));

beforeEach(() => {
  const b = backend;
  b.statusListeners = [];
  b.changeListeners = [];
  b.feedListeners = [];
  b.infoCalls = 0;
  b.status = makeStatus();
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

  it('lists only sections that exist', async () => {
    render(App);
    await screen.findByTestId('home-view');
    expect(screen.getByTestId('nav-home')).toBeInTheDocument();
    expect(screen.queryByText(/coming soon/i)).not.toBeInTheDocument();
  });
});
