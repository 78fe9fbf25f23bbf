import { describe, expect, it, vi, beforeAll } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import { makeStatus } from '$lib/testing/fake-ipc';
import { isUnencryptedEndpoint } from './endpoint';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import App from '../../../App.svelte';
import { preloadSections } from '$lib/sections';
import { backend } from '$lib/testing/fake-client';

const tls = { ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem', verify: true };

// The views' code is loaded before the tests, as the app does once it has started.
beforeAll(() => preloadSections(), 120_000);

describe('engines beyond this machine', () => {
  it('counts a tcp endpoint with TLS files as encrypted, and one without as plain', () => {
    const source = { kind: 'dockerHostEnv' } as const;
    expect(isUnencryptedEndpoint({ host: 'tcp://10.0.0.5:2376', source, tls })).toBe(false);
    expect(isUnencryptedEndpoint({ host: 'tcp://10.0.0.5:2375', source, tls: null })).toBe(true);
    expect(isUnencryptedEndpoint({ host: 'tcp://10.0.0.5:2375', source })).toBe(true);
    expect(isUnencryptedEndpoint({ host: 'ssh://me@box', source })).toBe(false);
    expect(isUnencryptedEndpoint(null)).toBe(false);
  });

  it('warns about a plain tcp engine but not about the same host over TLS', async () => {
    backend.status = makeStatus({
      link: 'plainTcp',
      endpoint: { host: 'tcp://192.0.2.7:2375', source: { kind: 'dockerHostEnv' } },
    });
    render(App);
    const warning = await screen.findByTestId('unencrypted-engine-warning');
    expect(warning).toHaveTextContent('ssh://user@host');
    expect(warning).toHaveTextContent('2376');
    backend.pushStatus(
      makeStatus({
        link: 'tls',
        endpoint: { host: 'tcp://192.0.2.7:2376', source: { kind: 'dockerHostEnv' }, tls },
      }),
    );
    await waitFor(() =>
      expect(screen.queryByTestId('unencrypted-engine-warning')).not.toBeInTheDocument(),
    );
  });

  it('onboarding suggests ssh:// and TLS on 2376, never a plain 2375 port', async () => {
    backend.status = makeStatus({ state: 'unavailable', everConnected: false, endpoint: null });
    render(App);
    const remote = await screen.findByTestId('onboarding-remote');
    expect(remote).toHaveTextContent('ssh://user@host');
    expect(remote).toHaveTextContent('2376');
    expect(remote.textContent).not.toContain('2375');
  });
});
