import { describe, expect, it, vi, beforeEach } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import { FakeBackend, makeStatus } from '$lib/testing/fake-ipc';

const backend = vi.hoisted(() => ({ current: null as unknown as FakeBackend }));

vi.mock('$lib/ipc/client', async () => {
  const { FakeBackend } = await import('$lib/testing/fake-ipc');
  backend.current = new FakeBackend();
  return {
    ...backend.current.client(),
    TugboatError: class extends Error {},
  };
});

import App from './App.svelte';

/** Lets every callback already queued run (the fake answers at once, in microtasks). */
const settled = () => new Promise<void>((r) => setTimeout(r, 0));

beforeEach(() => {
  const b = backend.current;
  b.statusListeners = [];
  b.changeListeners = [];
  b.feedListeners = [];
  b.infoCalls = 0;
  b.status = makeStatus();
});

describe('App shell', () => {
  it('shows onboarding with every endpoint tried while no engine was ever reached', async () => {
    backend.current.status = makeStatus({
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
    backend.current.status = makeStatus({ state: 'unavailable', everConnected: false });
    render(App);
    await screen.findByTestId('onboarding');
    backend.current.pushStatus(makeStatus());
    expect(await screen.findByTestId('home-view')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('engine-version')).toHaveTextContent('20.10.24'));
    expect(screen.getByTestId('count-containers')).toHaveTextContent('5');
    expect(screen.getByTestId('count-paused')).toHaveTextContent('1');
    await waitFor(() => expect(backend.current.firstPaints).toBe(1));
  });

  it('shows the banner when a connected engine goes away, and hides it when it returns', async () => {
    render(App);
    await screen.findByTestId('home-view');
    expect(screen.queryByTestId('engine-banner')).not.toBeInTheDocument();
    backend.current.pushStatus(
      makeStatus({ state: 'unavailable', lastError: 'Connection refused (os error 111)' }),
    );
    const banner = await screen.findByTestId('engine-banner');
    expect(banner).toHaveTextContent('Connection refused');
    expect(banner).toHaveTextContent('unix:///var/run/docker.sock');
    // The last known facts stay on screen meanwhile.
    expect(screen.getByTestId('engine-version')).toBeInTheDocument();
    backend.current.pushStatus(makeStatus());
    await waitFor(() => expect(screen.queryByTestId('engine-banner')).not.toBeInTheDocument());
  });

  it('refetches facts when counted kinds change, and not for others', async () => {
    render(App);
    await screen.findByTestId('home-view');
    await waitFor(() => expect(backend.current.infoCalls).toBe(1));
    // Let the first fetch finish: a notice during it would be folded into a later fetch.
    await settled();
    // The fake counts a fetch as soon as it is asked for, so a wrong one shows at once.
    backend.current.pushChange({ kinds: ['secret'], reconcile: false, containerIds: null });
    expect(backend.current.infoCalls).toBe(1);
    await settled();
    expect(backend.current.infoCalls).toBe(1);
    backend.current.pushChange({ kinds: ['container'], reconcile: false, containerIds: null });
    await waitFor(() => expect(backend.current.infoCalls).toBe(2));
    await settled();
    backend.current.pushChange({ kinds: [], reconcile: true, containerIds: null });
    await waitFor(() => expect(backend.current.infoCalls).toBe(3));
  });

  it('lists only sections that exist', async () => {
    render(App);
    await screen.findByTestId('home-view');
    expect(screen.getByTestId('nav-home')).toBeInTheDocument();
    expect(screen.queryByText(/coming soon/i)).not.toBeInTheDocument();
  });
});
