// The networks part of the fake backend (`networks` in the client): the kept list and its
// deltas, details by id, and every create, remove, connect, disconnect and prune recorded.
// Previews answer like the backend for the common cases; a test may replace any call.
import type {
  Client,
  Delta,
  NetworkConnectForm,
  NetworkCreateForm,
  NetworkDetails,
  NetworkRow,
  PruneFilter,
  PrunePreview,
} from '$lib/ipc/client';

type Listener<T> = (v: T) => void;

export function makeNetwork(over: Partial<NetworkRow> = {}): NetworkRow {
  return {
    id: 'n1',
    name: 'app-net',
    driver: 'bridge',
    scope: 'local',
    pools: [{ subnet: '172.28.0.0/16', gateway: '172.28.0.1', ipRange: null }],
    internal: false,
    attachable: false,
    ipv6: false,
    createdMs: 1000,
    labels: [],
    containers: [],
    builtIn: false,
    ...over,
  };
}

export function makeNetworkDetails(over: Partial<NetworkDetails> = {}): NetworkDetails {
  const row = over.row ?? makeNetwork();
  return {
    row,
    ipamDriver: 'default',
    ipamOptions: [],
    options: [],
    endpoints: [],
    command: `docker network inspect ${row.name}`,
    rawJson: '{"Name": "app-net"}',
    ...over,
  };
}

export class FakeNetworkArea {
  rows: NetworkRow[] = [];
  version = 0;
  listeners: Listener<Delta<NetworkRow>>[] = [];
  details: Record<string, NetworkDetails> = {};
  created: NetworkCreateForm[] = [];
  removed: string[] = [];
  connected: { network: string; container: string; form: NetworkConnectForm }[] = [];
  disconnected: { network: string; container: string; force: boolean }[] = [];
  pruned: { filter: PruneFilter; shown: string[] }[] = [];
  /** What the prune preview answers; the default lists custom networks with nobody running. */
  prunePreview: (filter: PruneFilter) => PrunePreview = (filter) => ({
    networks: this.rows
      .filter((r) => !r.builtIn && !r.containers.some((c) => c.running))
      .map((r) => ({
        id: r.id,
        name: r.name,
        driver: r.driver,
        stoppedContainers: r.containers.map((c) => c.name),
      })),
    command: ['docker network prune -f', ...filter.labels.map((l) => `--filter label=${l}`)].join(
      ' ',
    ),
  });

  /** Pushes a change to the kept list the way the backend does, applying it to `rows`. */
  push(d: Delta<NetworkRow>) {
    if (d.kind === 'reset') this.rows = d.rows;
    else {
      const ids = new Set([...d.upserted.map((r) => r.id), ...d.removed]);
      this.rows = [...this.rows.filter((r) => !ids.has(r.id)), ...d.upserted];
    }
    this.version = d.version;
    for (const l of this.listeners) l(d);
  }

  api(): Client['networks'] {
    return {
      list: async () => ({ rows: this.rows, version: this.version }),
      onChanged: async (cb) => {
        this.listeners.push(cb);
        return () => (this.listeners = this.listeners.filter((l) => l !== cb));
      },
      inspect: async (id) => {
        const d = this.details[id];
        if (!d) throw new Error(`No such network: ${id}`);
        return d;
      },
      createPreview: async (form) =>
        form.name.trim()
          ? { commandLine: `docker network create ${form.name.trim()}`, errors: [] }
          : {
              commandLine: '',
              errors: [{ field: 'name', message: 'give the network a name, such as app-net' }],
            },
      create: async (form) => {
        this.created.push(form);
        return { id: 'new', command: `docker network create ${form.name}`, warning: null };
      },
      removeCommand: async (names) => ['docker network rm', ...names].join(' '),
      remove: async (id) => {
        this.removed.push(id);
        const name = this.rows.find((r) => r.id === id)?.name ?? id;
        return { id: null, command: `docker network rm ${name}`, warning: null };
      },
      connectPreview: async (network, container) => ({
        commandLine: `docker network connect ${network} ${container}`,
        errors: [],
      }),
      connect: async (network, container, form) => {
        this.connected.push({ network, container, form });
        return {
          id: null,
          command: `docker network connect ${network} ${container}`,
          warning: null,
        };
      },
      disconnect: async (network, container, force) => {
        this.disconnected.push({ network, container, force });
        return {
          id: null,
          command: `docker network disconnect ${network} ${container}`,
          warning: null,
        };
      },
      prunePreview: async (filter) => this.prunePreview(filter),
      prune: async (filter, shown) => {
        this.pruned.push({ filter, shown });
        return { removed: this.prunePreview(filter).networks.map((n) => n.name), command: '' };
      },
    };
  }
}
