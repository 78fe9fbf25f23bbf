// The `swarm` area of the fake backend: an engine outside a swarm until `init`, then a swarm
// of one manager; `leave` ends it. Every call recorded.
import { TugboatError } from '$lib/ipc/core';
import type {
  Client,
  HostAddress,
  NodeChange,
  NodeRow,
  ObjectCreate,
  ObjectKind,
  SwarmInit,
  SwarmObjectRow,
  SwarmStatus,
} from '$lib/ipc/client';

export const outsideSwarm: SwarmStatus = {
  state: 'inactive',
  nodeId: null,
  isManager: false,
  clusterId: null,
  managers: null,
  nodes: null,
  managerAddr: null,
  error: null,
};

export class FakeSwarmArea {
  status: SwarmStatus = { ...outsideSwarm };
  addresses: HostAddress[] = [
    { interface: 'eth0', address: '192.168.1.10', suggested: true },
    { interface: 'lo', address: '127.0.0.1', suggested: false },
  ];
  inits: SwarmInit[] = [];
  leaves: boolean[] = [];
  services: string[] = [];
  nodes: NodeRow[] = [
    {
      id: 'node1',
      hostname: 'ann-laptop',
      role: 'manager',
      availability: 'active',
      status: 'ready',
      managerStatus: 'Leader',
      engineVersion: '20.10.24',
      labels: [],
      addr: '192.168.1.10',
      isSelf: true,
    },
  ];
  nodeUpdates: { id: string; change: NodeChange }[] = [];
  objects: Record<ObjectKind, SwarmObjectRow[]> = { secret: [], config: [] };
  created: { kind: ObjectKind; create: ObjectCreate }[] = [];
  secrets: string[] = [];
  configs: string[] = [];

  reset() {
    Object.assign(this, new FakeSwarmArea());
  }

  area(): Client['swarm'] {
    return {
      status: async () => ({ ...this.status }),
      addresses: async () => this.addresses,
      command: async (a) =>
        a.kind === 'init'
          ? `docker swarm init --advertise-addr ${a.advertiseAddr}${a.listenAddr ? ` --listen-addr ${a.listenAddr}` : ''}`
          : a.kind === 'joinToken'
            ? `docker swarm join-token ${a.manager ? 'manager' : 'worker'}`
            : a.kind === 'leave'
              ? `docker swarm leave${a.force ? ' --force' : ''}`
              : a.kind === 'nodeUpdate'
                ? `docker node update ${a.change.availability ? `--availability ${a.change.availability} ` : ''}${(a.change.labelAdd ?? []).map(([k, v]) => `--label-add ${k}=${v} `).join('')}${a.id}`
                : a.kind === 'objectCreate'
                  ? `docker ${a.object} create ${a.line.name} ${a.line.file ?? '-'}`
                  : `docker ${a.object} rm ${a.name}`,
      init: async (init) => {
        this.inits.push(init);
        if (this.status.state !== 'inactive') {
          throw new TugboatError({
            code: 'conflict',
            message: 'this engine is already part of a swarm',
          });
        }
        this.status = {
          state: 'active',
          nodeId: 'node1',
          isManager: true,
          clusterId: 'cluster1',
          managers: 1,
          nodes: 1,
          managerAddr: `${init.advertiseAddr}:2377`,
          error: null,
        };
        return { ...this.status };
      },
      joinTokens: async () => ({
        worker: `docker swarm join --token SWMTKN-worker ${this.status.managerAddr}`,
        manager: `docker swarm join --token SWMTKN-manager ${this.status.managerAddr}`,
      }),
      leavePreview: async () => ({
        isManager: this.status.isManager,
        lastManager: this.status.isManager && (this.status.managers ?? 1) <= 1,
        services: this.services,
        secrets: this.secrets,
        configs: this.configs,
        command: `docker swarm leave${this.status.isManager ? ' --force' : ''}`,
      }),
      leave: async (force) => {
        this.leaves.push(force);
        this.status = { ...outsideSwarm };
        return null;
      },
      nodes: async () => this.nodes.map((n) => ({ ...n })),
      nodeInspect: async (id) => {
        const row = this.nodes.find((n) => n.id === id)!;
        return { row, os: 'linux', architecture: 'x86_64', cpus: 2, memoryBytes: 1e9, raw: '{}' };
      },
      nodeUpdate: async (id, change) => {
        this.nodeUpdates.push({ id, change });
        const n = this.nodes.find((x) => x.id === id)!;
        if (change.availability) n.availability = change.availability;
        if (change.role) n.role = change.role;
        const labels = new Map(n.labels);
        for (const k of change.labelRemove ?? []) labels.delete(k);
        for (const [k, v] of change.labelAdd ?? []) labels.set(k, v);
        n.labels = [...labels.entries()];
        return { ...n };
      },
      objects: async (kind) => this.objects[kind].map((o) => ({ ...o })),
      chooseFile: async () => '/home/ann/app.conf',
      createObject: async (kind, create) => {
        this.created.push({ kind, create });
        this.objects[kind].push({
          id: `${kind}-${create.name}`,
          name: create.name,
          createdAt: new Date().toISOString(),
          updatedAt: null,
          labels: create.labels ?? [],
          usedBy: [],
        });
        return `${kind}-${create.name}`;
      },
      inspectObject: async (kind, id) => ({
        kind,
        row: this.objects[kind].find((o) => o.id === id)!,
        data: kind === 'config' ? 'data' : null,
      }),
      removePreview: async (kind, id) => {
        const o = this.objects[kind].find((x) => x.id === id)!;
        return { kind, id, name: o.name, usedBy: o.usedBy, command: `docker ${kind} rm ${o.name}` };
      },
      removeObject: async (kind, id) => {
        const o = this.objects[kind].find((x) => x.id === id)!;
        if (o.usedBy.length) {
          throw new TugboatError({
            code: 'conflict',
            message: `${kind} ${o.name} is in use by the service ${o.usedBy.join(', ')}`,
          });
        }
        this.objects[kind] = this.objects[kind].filter((x) => x.id !== id);
        return null;
      },
    };
  }
}
