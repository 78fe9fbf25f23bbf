// The networks view over the fake backend: rows from the kept list and its deltas, the text
// filter, removal that lists what is attached and refuses the engine's own networks, and a
// prune that removes only what its preview listed.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { makeNetwork, makeNetworkDetails } from '$lib/testing/fake-networks';

vi.mock('virtua/svelte', async () => ({
  VList: (await import('$lib/testing/PlainList.svelte')).default,
}));

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import NetworksView from './NetworksView.svelte';
import { backend } from '$lib/testing/fake-client';

const net = backend.networks;
const bridge = makeNetwork({ id: 'b', name: 'bridge', builtIn: true, pools: [] });
const app = makeNetwork({
  id: 'n1',
  name: 'app-net',
  containers: [
    { id: 'c1', name: 'web', running: true, ipv4: '172.28.0.2' },
    { id: 'c2', name: 'db', running: false, ipv4: null },
  ],
});
const spare = makeNetwork({ id: 'n2', name: 'spare', pools: [] });

const names = () => screen.getAllByTestId('network-row').map((r) => r.dataset.name);

describe('the networks view', () => {
  it('shows the kept list, follows its deltas and filters it', async () => {
    net.rows = [bridge, app];
    net.version = 1;
    render(NetworksView);
    await waitFor(() => expect(names()).toEqual(['app-net', 'bridge']));
    const appRow = screen.getAllByTestId('network-row')[0];
    expect(within(appRow).getByTestId('network-row-subnet').textContent).toBe('172.28.0.0/16');
    expect(within(appRow).getByTestId('network-row-containers').textContent).toContain(
      'db (stopped)',
    );

    net.push({ kind: 'patch', upserted: [spare], removed: [], version: 2 });
    await waitFor(() => expect(names()).toEqual(['app-net', 'bridge', 'spare']));
    net.push({ kind: 'patch', upserted: [], removed: ['n2'], version: 3 });
    await waitFor(() => expect(names()).toEqual(['app-net', 'bridge']));

    await fireEvent.input(screen.getByTestId('network-filter'), { target: { value: 'web' } });
    await waitFor(() => expect(names()).toEqual(['app-net']));
  });

  it('removal names the attached containers and never offers the built-in networks', async () => {
    net.rows = [bridge, app];
    net.version = 1;
    net.removed = [];
    render(NetworksView);
    await waitFor(() => expect(names()).toEqual(['app-net', 'bridge']));
    const [appRow, bridgeRow] = screen.getAllByTestId('network-row');
    expect(within(bridgeRow).getByTestId<HTMLButtonElement>('network-row-remove').disabled).toBe(
      true,
    );

    // Both selected: the built-in one is refused in words, the other listed with its members.
    for (const row of [appRow, bridgeRow])
      await fireEvent.click(within(row).getByTestId('row-select'));
    await fireEvent.click(screen.getByTestId('bulk-network-remove'));
    const dialog = await screen.findByTestId('network-remove-dialog');
    expect(within(dialog).getByTestId('network-remove-built-in').textContent).toContain('bridge');
    const items = within(dialog).getAllByTestId('network-remove-item');
    expect(items.map((i) => i.dataset.name)).toEqual(['app-net']);
    expect(items[0].textContent).toContain('web (running)');
    expect(within(dialog).getByTestId('network-remove-blocked').textContent).toContain('app-net');
    await waitFor(() =>
      expect(within(dialog).getByTestId('network-remove-command-text').textContent).toContain(
        'docker network rm app-net',
      ),
    );
    await fireEvent.click(within(dialog).getByTestId('network-remove-confirm'));
    await waitFor(() => expect(net.removed).toEqual(['n1']));
  });

  it('prunes only after showing the list, and sends the ids it showed', async () => {
    net.rows = [bridge, app, spare];
    net.version = 1;
    net.pruned = [];
    render(NetworksView);
    await waitFor(() => expect(names()).toHaveLength(3));
    await fireEvent.click(screen.getByTestId('open-network-prune'));
    const dialog = await screen.findByTestId('network-prune-dialog');
    const items = await within(dialog).findAllByTestId('network-prune-item');
    // app-net has a running container; bridge is built in.
    expect(items.map((i) => i.dataset.name)).toEqual(['spare']);
    await fireEvent.input(within(dialog).getByTestId('network-prune-labels'), {
      target: { value: 'env=dev' },
    });
    await waitFor(() =>
      expect(within(dialog).getByTestId('network-prune-command-text').textContent).toContain(
        'label=env=dev',
      ),
    );
    await fireEvent.click(within(dialog).getByTestId('network-prune-confirm'));
    await waitFor(() =>
      expect(net.pruned).toEqual([{ filter: { labels: ['env=dev'] }, shown: ['n2'] }]),
    );
  });

  it('opens the details with the containers, their addresses and aliases', async () => {
    net.rows = [app];
    net.version = 1;
    net.details = {
      n1: makeNetworkDetails({
        row: app,
        endpoints: [
          {
            containerId: 'c1',
            containerName: 'web',
            running: true,
            ipv4: '172.28.0.2',
            ipv6: null,
            mac: '02:42:ac:1c:00:02',
            aliases: ['api'],
            fixedIpv4: null,
            fixedIpv6: null,
          },
        ],
      }),
    };
    net.disconnected = [];
    render(NetworksView);
    await fireEvent.click(await screen.findByTestId('network-row-name'));
    const ep = await screen.findByTestId('network-endpoint');
    expect(ep.textContent).toContain('172.28.0.2');
    expect(within(ep).getByTestId('network-endpoint-aliases').textContent).toBe('api');
    expect(screen.getByTestId('network-inspect-command-text').textContent).toContain(
      'docker network inspect app-net',
    );
    await fireEvent.click(within(ep).getByTestId('network-disconnect'));
    await waitFor(() =>
      expect(net.disconnected).toEqual([{ network: 'n1', container: 'c1', force: false }]),
    );
  });
});
