// The network map view against the fake backend: it draws what network_topology answers, asks
// "can A reach B?" for the two containers clicked and shows the answer with where each fact
// came from, folds networks, and reads the map again when networks or containers change.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import NetworkMapView from './NetworkMapView.svelte';
import { backend } from '$lib/testing/fake-client';
import type { MapContainer, Reach, Topology } from '$lib/ipc/client';

function con(name: string): MapContainer {
  return {
    id: `${name}-id`,
    name,
    image: 'busybox',
    state: 'running',
    running: true,
    ports: [],
    links: [],
    networkMode: 'app',
  };
}

const map: Topology = {
  networks: [
    {
      id: 'n1',
      name: 'app',
      driver: 'bridge',
      scope: 'local',
      kind: 'userDefined',
      internal: false,
      subnets: ['172.18.0.0/16'],
      // In name order, as the engine's map gives them.
      members: [
        ['db', '172.18.0.3'],
        ['web', '172.18.0.2'],
      ].map(([n, ip]) => ({
        containerId: `${n}-id`,
        containerName: n,
        ipv4: ip,
        ipv6: null,
        aliases: [],
        dnsNames: [n],
      })),
    },
  ],
  containers: [con('db'), con('web')],
};

const yes: Reach = {
  from: 'web',
  to: 'db',
  shared: [
    {
      network: 'app',
      kind: 'userDefined',
      address: '172.18.0.3',
      names: [
        {
          name: 'db',
          route: 'dns',
          expected: true,
          why: "its container name, answered by the network's DNS",
          live: {
            resolved: true,
            addresses: ['172.18.0.3'],
            replied: true,
            command: 'docker exec web ping -c1 -W2 db',
            output: '',
          },
        },
      ],
    },
  ],
  verdict: 'Yes, they share a network. From web, db answers on app by db and 172.18.0.3.',
  liveStatus: 'checked',
  liveWords: 'Each name was looked up inside web with ping, as a program in it would.',
  commands: ['docker network inspect app', 'docker exec web ping -c1 -W2 db'],
};

describe('the network map', () => {
  it('draws networks and containers, and answers "can A reach B?" for two clicked containers', async () => {
    backend.topology = map;
    backend.reachAnswer = () => yes;
    render(NetworkMapView);
    const net = await screen.findByTestId('topology-network');
    expect(net.dataset.name).toBe('app');
    const boxes = screen.getAllByTestId('topology-container');
    expect(boxes.map((b) => b.dataset.name)).toEqual(['db', 'web']);
    expect(within(boxes[0]).getByText('172.18.0.3 · on app')).toBeInTheDocument();

    await fireEvent.click(boxes[1]);
    await fireEvent.click(boxes[0]);
    const result = await screen.findByTestId('reach-result');
    expect(backend.reaches).toEqual([{ from: 'web-id', to: 'db-id' }]);
    expect(within(result).getByTestId('reach-verdict').textContent).toContain('Yes');
    const name = within(result).getByTestId('reach-name');
    expect(name.dataset.expected).toBe('yes');
    expect(name.dataset.live).toBe('yes');
    expect(name.textContent).toContain('engine settings:');
    expect(name.textContent).toContain('live check:');
    expect(
      within(result)
        .getAllByTestId('reach-command-text')
        .map((c) => c.textContent),
    ).toEqual(['$ docker network inspect app', '$ docker exec web ping -c1 -W2 db']);
    // The edges of the shared network are drawn stronger.
    await waitFor(() =>
      expect(
        screen.getAllByTestId('topology-edge').filter((e) => e.classList.contains('strong')),
      ).toHaveLength(2),
    );
  });

  it('folds a network when its box is clicked, and reads the map again on a network change', async () => {
    backend.topology = map;
    render(NetworkMapView);
    const net = await screen.findByTestId('topology-network');
    await fireEvent.click(net);
    await waitFor(() => expect(screen.queryAllByTestId('topology-container')).toHaveLength(0));
    expect(screen.getByTestId('topology-network').dataset.collapsed).toBe('true');

    const before = backend.topologyCalls;
    backend.topology = { ...map, networks: [{ ...map.networks[0], name: 'app2' }] };
    backend.pushChange({ kinds: ['network'], reconcile: false, containerIds: [] });
    await waitFor(() => expect(screen.getByTestId('topology-network').dataset.name).toBe('app2'));
    expect(backend.topologyCalls).toBe(before + 1);
    // An image change is not what the map is made of.
    backend.pushChange({ kinds: ['image'], reconcile: false, containerIds: [] });
    expect(backend.topologyCalls).toBe(before + 1);
  });
});
