// The container list. Fetched whole (it is one cheap call) when the engine says containers
// changed, never on a timer; filtering, grouping and selection happen here, on the client.
import {
  containers as api,
  engine,
  type ContainerAction,
  type ContainerRow,
  type Unlisten,
} from '$lib/ipc/client';

export interface ActionResult {
  id: string;
  name: string;
  command: string;
  ok: boolean;
  message: string;
}

/** One line of the rendered list: a compose project header, or a container. */
export type ListLine =
  | { kind: 'group'; key: string; project: string; total: number; running: number; ids: string[] }
  | { kind: 'row'; key: string; row: ContainerRow; grouped: boolean };

export class ContainersStore {
  items = $state<ContainerRow[]>([]);
  loading = $state(false);
  loaded = $state(false);
  error = $state<string | null>(null);
  showAll = $state(true);
  filter = $state('');
  groupByProject = $state(true);
  collapsed = $state<Record<string, boolean>>({});
  selected = $state<Record<string, boolean>>({});
  /** The last actions and how they went, newest first. */
  results = $state<ActionResult[]>([]);
  busy = $state<Record<string, boolean>>({});
  /** Counts fetched lists: views showing one container re-read it when this moves. */
  generation = $state(0);

  #unlisten: Unlisten[] = [];
  #running = false;
  #again = false;

  readonly visible = $derived.by(() => {
    const q = this.filter.trim().toLowerCase();
    return this.items.filter(
      (c) =>
        (this.showAll || c.state === 'running' || c.state === 'restarting') &&
        (!q ||
          c.name.toLowerCase().includes(q) ||
          c.image.toLowerCase().includes(q) ||
          c.id.startsWith(q) ||
          (c.composeProject ?? '').toLowerCase().includes(q)),
    );
  });

  readonly lines = $derived.by((): ListLine[] => {
    const rows = [...this.visible].sort(
      (a, b) => (b.createdMs ?? 0) - (a.createdMs ?? 0) || a.name.localeCompare(b.name),
    );
    if (!this.groupByProject) {
      return rows.map((row) => ({ kind: 'row', key: row.id, row, grouped: false }));
    }
    // A temporary inside the derivation, rebuilt on every change: not reactive state.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const groups = new Map<string, ContainerRow[]>();
    const loose: ContainerRow[] = [];
    for (const r of rows) {
      if (r.composeProject) {
        const g = groups.get(r.composeProject) ?? [];
        g.push(r);
        groups.set(r.composeProject, g);
      } else loose.push(r);
    }
    const out: ListLine[] = [];
    for (const [project, members] of [...groups].sort((a, b) => a[0].localeCompare(b[0]))) {
      members.sort((a, b) => a.name.localeCompare(b.name));
      out.push({
        kind: 'group',
        key: `group:${project}`,
        project,
        total: members.length,
        running: members.filter((m) => m.state === 'running').length,
        ids: members.map((m) => m.id),
      });
      if (!this.collapsed[project]) {
        for (const row of members) out.push({ kind: 'row', key: row.id, row, grouped: true });
      }
    }
    for (const row of loose) out.push({ kind: 'row', key: row.id, row, grouped: false });
    return out;
  });

  readonly selectedIds = $derived(this.items.filter((c) => this.selected[c.id]).map((c) => c.id));

  async start(): Promise<void> {
    this.#unlisten.push(
      await engine.onResourcesChanged((c) => {
        if (c.reconcile || c.kinds.includes('container')) void this.refresh();
      }),
    );
    await this.refresh();
  }

  stop(): void {
    for (const u of this.#unlisten.splice(0)) u();
  }

  /** Refetches; calls during a fetch fold into one more fetch afterwards. */
  async refresh(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    this.loading = true;
    try {
      do {
        this.#again = false;
        try {
          const list = await api.list(true);
          this.items = list;
          this.generation++;
          this.error = null;
          this.loaded = true;
          // Forget selections of containers that are gone.
          // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
          const ids = new Set(list.map((c) => c.id));
          for (const id of Object.keys(this.selected)) if (!ids.has(id)) delete this.selected[id];
        } catch (e) {
          this.error = e instanceof Error ? e.message : String(e);
        }
      } while (this.#again);
    } finally {
      this.#running = false;
      this.loading = false;
    }
  }

  byId(id: string): ContainerRow | undefined {
    return this.items.find((c) => c.id === id);
  }

  /** Runs an action on each container, a few at a time, recording the command and outcome. */
  async run(ids: string[], action: ContainerAction): Promise<ActionResult[]> {
    const out: ActionResult[] = [];
    const queue = [...ids];
    const worker = async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        const row = this.byId(id);
        const name = row?.name ?? id.slice(0, 12);
        const command = await api.command(action, name);
        this.busy[id] = true;
        try {
          const outcome = await api.act(id, action, row?.state ?? null);
          const message =
            outcome.exitCode != null ? `exited with code ${outcome.exitCode}` : 'done';
          out.push({ id, name, command, ok: true, message });
        } catch (e) {
          out.push({
            id,
            name,
            command,
            ok: false,
            message: e instanceof Error ? e.message : String(e),
          });
        } finally {
          delete this.busy[id];
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    this.results = [...out, ...this.results].slice(0, 20);
    return out;
  }
}
