// The `swarm` area of the fake backend: an engine outside a swarm until `init`, then a swarm
// of one manager; `leave` ends it. Every call recorded.
import { TugboatError } from '$lib/ipc/core';
import type { Client, HostAddress, SwarmInit, SwarmStatus } from '$lib/ipc/client';

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
            : `docker swarm leave${a.force ? ' --force' : ''}`,
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
    };
  }
}
