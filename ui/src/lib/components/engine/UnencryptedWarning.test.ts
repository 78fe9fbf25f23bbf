import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import { FakeBackend, makeStatus } from '$lib/testing/fake-ipc';

const backend = vi.hoisted(() => ({ current: null as unknown as FakeBackend }));

vi.mock('$lib/ipc/client', async () => {
  const { FakeBackend } = await import('$lib/testing/fake-ipc');
  backend.current = new FakeBackend();
  return { ...backend.current.client(), TugboatError: class extends Error {} };
});

import App from '../../../App.svelte';

describe('the unencrypted-engine warning', () => {
  it('is shown while the engine in use is plain tcp, and goes when it is a socket', async () => {
    backend.current.status = makeStatus({
      endpoint: { host: 'tcp://192.0.2.7:2375', source: { kind: 'dockerHostEnv' } },
    });
    render(App);
    const warning = await screen.findByTestId('unencrypted-engine-warning');
    expect(warning).toHaveTextContent('tcp://192.0.2.7:2375');
    backend.current.pushStatus(makeStatus());
    await waitFor(() =>
      expect(screen.queryByTestId('unencrypted-engine-warning')).not.toBeInTheDocument(),
    );
  });
});
