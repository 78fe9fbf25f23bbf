// Connect and disconnect from the container's side: its details offer the networks it is not
// on, and the dialog sends the network picked with the aliases and address typed.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { makeDetails } from '$lib/testing/fake-ipc';
import { makeNetwork } from '$lib/testing/fake-networks';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import InspectPanel from './InspectPanel.svelte';
import { backend } from '$lib/testing/fake-client';

describe('networks in the container details', () => {
  it('connects to a network it is not on, and disconnects from one it is on', async () => {
    backend.details = {
      c1: makeDetails({
        id: 'c1',
        name: 'web',
        networks: [{ network: 'bridge', ipAddress: '172.17.0.2', gateway: null, macAddress: null }],
      }),
    };
    backend.networks.rows = [
      makeNetwork({ id: 'b', name: 'bridge', builtIn: true }),
      makeNetwork({ id: 'h', name: 'host', driver: 'host', builtIn: true }),
      makeNetwork({ id: 'n1', name: 'app-net' }),
    ];
    render(InspectPanel, {
      id: 'c1',
      version: 0,
      onclose: vi.fn(),
      ondialog: vi.fn(),
      onrecreate: vi.fn(),
    });
    await fireEvent.click(await screen.findByTestId('inspect-network-connect'));
    const dialog = await screen.findByTestId('network-connect-dialog');
    const target = within(dialog).getByTestId<HTMLSelectElement>('network-connect-target');
    // Not bridge (already on it), not host (a container cannot join it beside others).
    expect([...target.options].map((o) => o.value).filter(Boolean)).toEqual(['n1']);
    await fireEvent.change(target, { target: { value: 'n1' } });
    await fireEvent.input(within(dialog).getByTestId('network-connect-aliases'), {
      target: { value: 'api' },
    });
    await waitFor(() =>
      expect(within(dialog).getByTestId('network-connect-command-text').textContent).toContain(
        'docker network connect n1 c1',
      ),
    );
    await fireEvent.click(within(dialog).getByTestId('network-connect-apply'));
    await waitFor(() =>
      expect(backend.networks.connected).toEqual([
        { network: 'n1', container: 'c1', form: { aliases: 'api', ipv4: '', ipv6: '' } },
      ]),
    );
    expect((await screen.findByTestId('inspect-network-note')).textContent).toContain(
      'docker network connect',
    );

    await fireEvent.click(screen.getByTestId('inspect-network-disconnect'));
    await waitFor(() =>
      expect(backend.networks.disconnected).toEqual([
        { network: 'bridge', container: 'c1', force: false },
      ]),
    );
  });
});
