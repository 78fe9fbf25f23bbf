// The network list as the backend keeps it (a `KeptStore`: loaded once when a view opens, then
// changed by the deltas the backend pushes), with the text filter, the selection and the last
// outcomes on the client.
import { errorMessage } from '$lib/format';
import { networks as api, type NetworkRow } from '$lib/ipc/client';
import { KeptStore } from './kept.svelte';

const byName = new Intl.Collator().compare;

export interface NetworkResult {
  name: string;
  command: string;
  ok: boolean;
  message: string;
}

/** What a row's subnet column says: each pool's subnet, or the words for none. */
export function subnetsOf(n: NetworkRow): string {
  const s = n.pools.map((p) => p.subnet).filter((x): x is string => !!x);
  return s.length ? s.join(', ') : '—';
}

export function gatewaysOf(n: NetworkRow): string {
  return n.pools
    .map((p) => p.gateway)
    .filter((x): x is string => !!x)
    .join(', ');
}

export class NetworksStore {
  readonly #kept = new KeptStore<NetworkRow>(
    { load: () => api.list(), listen: (cb) => api.onChanged(cb) },
    (row) => row.id,
    () => this.#forgetGoneSelections(),
  );
  filter = $state('');
  selected = $state<Record<string, boolean>>({});
  /** The last actions and how they went, newest first. */
  results = $state<NetworkResult[]>([]);

  get items(): NetworkRow[] {
    return this.#kept.items;
  }
  get loaded(): boolean {
    return this.#kept.loaded;
  }
  get error(): string | null {
    return this.#kept.error;
  }

  /** Rows the filter lets through (name, driver, id, subnet, or a container on it), by name. */
  readonly visible = $derived.by(() => {
    const q = this.filter.trim().toLowerCase();
    return this.items
      .filter(
        (n) =>
          !q ||
          n.name.toLowerCase().includes(q) ||
          n.driver.toLowerCase().includes(q) ||
          n.id.startsWith(q) ||
          subnetsOf(n).includes(q) ||
          n.containers.some((c) => c.name.toLowerCase().includes(q)),
      )
      .sort((a, b) => byName(a.name, b.name));
  });

  /** Network names, for pickers (the run form's network field, connect from a container). */
  readonly names = $derived(this.items.map((n) => n.name).sort(byName));

  readonly selectedIds = $derived(this.items.filter((n) => this.selected[n.id]).map((n) => n.id));

  start(): Promise<void> {
    return this.#kept.start();
  }

  stop(): void {
    this.#kept.stop();
  }

  byId(id: string): NetworkRow | undefined {
    return this.items.find((n) => n.id === id);
  }

  /** Moves whenever a change names this network: its details panel re-reads then. */
  revision(id: string): number {
    return this.#kept.revision(id);
  }

  /** Records an action's outcome for the footer, newest first. */
  record(r: NetworkResult): void {
    this.results = [r, ...this.results].slice(0, 20);
  }

  /** Removes these networks one by one, recording each command and outcome. */
  async remove(ids: string[]): Promise<NetworkResult[]> {
    const out: NetworkResult[] = [];
    for (const id of ids) {
      const name = this.byId(id)?.name ?? id;
      try {
        const o = await api.remove(id);
        out.push({ name, command: o.command, ok: true, message: 'removed' });
      } catch (e) {
        out.push({
          name,
          command: `docker network rm ${name}`,
          ok: false,
          message: errorMessage(e),
        });
      }
    }
    for (const r of out) this.record(r);
    return out;
  }

  #forgetGoneSelections(): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const ids = new Set(this.items.map((n) => n.id));
    for (const id of Object.keys(this.selected)) if (!ids.has(id)) delete this.selected[id];
  }
}
