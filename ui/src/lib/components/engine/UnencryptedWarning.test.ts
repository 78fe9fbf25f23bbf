import { describe, expect, it, vi, beforeAll } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import { makeStatus } from '$lib/testing/fake-ipc';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import App from '../../../App.svelte';
import { preloadSections } from '$lib/sections';
import { backend } from '$lib/testing/fake-client';

// The views' code is loaded before the tests, as the app does once it has started.
beforeAll(() => preloadSections(), 120_000);

describe('the unencrypted-engine warning', () => {
  it('is shown while the engine in use is plain tcp, and goes when it is a socket', async () => {
    backend.status = makeStatus({
      endpoint: { host: 'tcp://192.0.2.7:2375', source: { kind: 'dockerHostEnv' } },
    });
    render(App);
    const warning = await screen.findByTestId('unencrypted-engine-warning');
    expect(warning).toHaveTextContent('tcp://192.0.2.7:2375');
    backend.pushStatus(makeStatus());
    await waitFor(() =>
      expect(screen.queryByTestId('unencrypted-engine-warning')).not.toBeInTheDocument(),
    );
  });
});
