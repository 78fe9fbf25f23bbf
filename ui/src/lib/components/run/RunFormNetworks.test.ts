// The run form's network field offers the networks of the kept network list, live: one created
// while the form is open appears without reopening it.
import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import { makeNetwork } from '$lib/testing/fake-networks';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import RunFormPanel from './RunFormPanel.svelte';
import { backend } from '$lib/testing/fake-client';

const options = () =>
  [...screen.getByTestId<HTMLSelectElement>('run-network').options].map((o) => o.value);

describe('the run form network field', () => {
  it('offers the kept networks and follows their changes', async () => {
    backend.networks.rows = [
      makeNetwork({ id: 'b', name: 'bridge', builtIn: true }),
      makeNetwork({ id: 'n1', name: 'app-net' }),
    ];
    backend.networks.version = 1;
    render(RunFormPanel, { props: { onclose: () => {} } });
    await waitFor(() => expect(options()).toEqual(['', 'app-net']));
    backend.networks.push({
      kind: 'patch',
      upserted: [makeNetwork({ id: 'n2', name: 'backend' })],
      removed: [],
      version: 2,
    });
    await waitFor(() => expect(options()).toEqual(['', 'app-net', 'backend']));
  });
});
