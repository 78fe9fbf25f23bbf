import { describe, expect, it } from 'vitest';
import { layout, CON_X, NET_X, NET_W } from './layout';
import type { MapContainer, MapNetwork, Topology } from '$lib/ipc/client';

function net(
  name: string,
  kind: MapNetwork['kind'],
  members: [string, string | null][],
): MapNetwork {
  return {
    id: `${name}-id`,
    name,
    driver: kind === 'host' ? 'host' : 'bridge',
    scope: 'local',
    kind,
    internal: false,
    subnets: ['10.0.0.0/24'],
    members: members.map(([c, ip]) => ({
      containerId: `${c}-id`,
      containerName: c,
      ipv4: ip,
      ipv6: null,
      aliases: c === 'db' ? ['database'] : [],
      dnsNames: [c],
    })),
  };
}

function con(name: string, over: Partial<MapContainer> = {}): MapContainer {
  return {
    id: `${name}-id`,
    name,
    image: 'busybox',
    state: 'running',
    running: true,
    ports: [],
    links: [],
    networkMode: 'app',
    ...over,
  };
}

const map: Topology = {
  networks: [
    net('bridge', 'defaultBridge', [['old', '172.17.0.2']]),
    net('app', 'userDefined', [
      ['web', '10.0.0.2'],
      ['db', '10.0.0.3'],
    ]),
  ],
  containers: [
    con('db'),
    con('old', {
      networkMode: 'bridge',
      links: [{ target: 'db', alias: 'database' }],
      ports: [{ hostIp: null, hostPort: 8080, containerPort: 80, protocol: 'tcp' }],
    }),
    con('web'),
  ],
};

describe('the network map layout', () => {
  it('puts user networks first, each container once beside its network, lines on its address', () => {
    const l = layout(map, {});
    expect(l.networks.map((n) => n.net.name)).toEqual(['app', 'bridge']);
    expect(l.containers.map((b) => b.c.name)).toEqual(['web', 'db', 'old']);
    const db = l.containers[1];
    expect(db.lines.map((x) => x.text)).toEqual(['10.0.0.3 · alias database · on app']);
    const old = l.containers[2];
    expect(old.lines.map((x) => x.text)).toEqual([
      '172.17.0.2 · on bridge',
      'ports 8080→80/tcp',
      'links db as database',
    ]);
    expect(l.edges).toHaveLength(3);
    for (const e of l.edges) {
      expect(e.x1).toBe(NET_X + NET_W);
      expect(e.x2).toBe(CON_X);
    }
    // Boxes never overlap, in either column.
    for (const col of [
      l.containers.map((b) => [b.y, b.y + b.h]),
      l.networks.map((n) => [n.y, n.y + 66]),
    ])
      for (let i = 1; i < col.length; i++) expect(col[i][0]).toBeGreaterThanOrEqual(col[i - 1][1]);
    expect(l.height).toBeGreaterThanOrEqual(old.y + old.h);
  });

  it('a collapsed network hides its containers and lines, and the filter narrows both columns', () => {
    const c = layout(map, { app: true });
    expect(c.containers.map((b) => b.c.name)).toEqual(['old']);
    expect(c.edges.every((e) => e.network !== 'app')).toBe(true);
    expect(c.networks.find((n) => n.net.name === 'app')?.shown).toBe(2);

    const f = layout(map, {}, 'DB');
    expect(f.networks.map((n) => n.net.name)).toEqual(['app']);
    expect(f.containers.map((b) => b.c.name)).toEqual(['db']);
  });

  it('is the same picture for the same map', () => {
    expect(layout(map, {})).toEqual(layout(map, {}));
  });
});
