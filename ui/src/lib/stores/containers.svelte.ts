// The container list as the backend keeps it (a `KeptStore`: loaded once when the view opens,
// then changed by the deltas the backend pushes), never on a timer. Filtering, grouping and
// selection happen here, on the client.
import { afterNextPaint, type ListPaint } from './paint';
import { errorMessage } from '$lib/format';
import { containers as api, type ContainerAction, type ContainerRow } from '$lib/ipc/client';
import { KeptStore } from './kept.svelte';

/** One collator for every sort: `localeCompare` builds one per call, which shows at thousands
 *  of rows. */
const byName = new Intl.Collator().compare;

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
  readonly #kept = new KeptStore<ContainerRow>(
    { load: () => api.list(), listen: (cb) => api.onChanged(cb) },
    (row) => row.id,
    () => this.#forgetGoneSelections(),
  );
  showAll = $state(true);
  filter = $state('');
  groupByProject = $state(true);
  collapsed = $state<Record<string, boolean>>({});
  selected = $state<Record<string, boolean>>({});
  /** The last actions and how they went, newest first. */
  results = $state<ActionResult[]>([]);
  /** Containers with an action queued or running: their buttons wait. */
  busy = $state<Record<string, boolean>>({});
  /** The last load, from asking the backend to the frame that shows its rows painted: the
   *  benchmark reads it from the view (P5 in TARGETS.md). */
  lastPaint = $state<ListPaint | null>(null);

  get items(): ContainerRow[] {
    return this.#kept.items;
  }
  get loading(): boolean {
    return this.#kept.loading;
  }
  get loaded(): boolean {
    return this.#kept.loaded;
  }
  get error(): string | null {
    return this.#kept.error;
  }

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
      (a, b) => (b.createdMs ?? 0) - (a.createdMs ?? 0) || byName(a.name, b.name),
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
    for (const [project, members] of [...groups].sort((a, b) => byName(a[0], b[0]))) {
      members.sort((a, b) => byName(a.name, b.name));
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

  /** The ids held, sorted and hashed (`idsDigest`): the storm benchmark compares the list the
   *  window renders with `docker ps -a` by it, without reading thousands of rows out of the page. */
  readonly digest = $derived(idsDigest(this.items.map((c) => c.id)));

  readonly selectedIds = $derived(this.items.filter((c) => this.selected[c.id]).map((c) => c.id));

  async start(): Promise<void> {
    const asked = performance.now();
    await this.#kept.start();
    const rows = this.items.length;
    if (this.loaded)
      afterNextPaint(() => (this.lastPaint = { rows, ms: performance.now() - asked }));
  }

  stop(): void {
    this.#kept.stop();
  }

  /** Whether any of these containers has an action queued or running. */
  anyBusy(ids: string[]): boolean {
    return ids.some((id) => this.busy[id]);
  }

  /** Moves whenever a change names this container: a view showing it re-reads then. */
  revision(id: string): number {
    return this.#kept.revision(id);
  }

  #forgetGoneSelections(): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const ids = new Set(this.items.map((c) => c.id));
    for (const id of Object.keys(this.selected)) if (!ids.has(id)) delete this.selected[id];
  }

  byId(id: string): ContainerRow | undefined {
    return this.items.find((c) => c.id === id);
  }

  /** Runs an action on each container, a few at a time, recording the command and outcome.
   *  Each action is one call, and its outcome carries the command it ran; only targets that
   *  failed (no outcome) cost one more call, for all of them, to show what was tried. */
  async run(ids: string[], action: ContainerAction): Promise<ActionResult[]> {
    const out: ActionResult[] = [];
    for (const id of ids) this.busy[id] = true;
    const nameOf = (id: string) => this.byId(id)?.name ?? id.slice(0, 12);
    const queue = [...ids];
    const worker = async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        const row = this.byId(id);
        const name = nameOf(id);
        try {
          const outcome = await api.act(id, action, row?.state ?? null);
          const message =
            outcome.exitCode != null ? `exited with code ${outcome.exitCode}` : 'done';
          out.push({ id, name, command: outcome.command, ok: true, message });
        } catch (e) {
          out.push({ id, name, command: '', ok: false, message: errorMessage(e) });
        } finally {
          delete this.busy[id];
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    const failed = out.filter((r) => !r.ok);
    if (failed.length > 0) {
      try {
        const p = await api.actionPreview(
          action,
          failed.map((r) => r.name),
        );
        failed.forEach((r, i) => (r.command = p.commands[i] ?? ''));
      } catch {
        // The lines are only shown beside the failure; its message says what went wrong.
      }
    }
    this.results = [...out, ...this.results].slice(0, 20);
    return out;
  }
}

/** FNV-1a (32 bits, hex) over the sorted ids, each followed by a newline. Ids are ASCII hex,
 *  so code units are bytes: `benches/app.rs` computes the same from `docker ps -aq`. */
export function idsDigest(ids: string[]): string {
  let h = 0x811c9dc5;
  for (const id of [...ids].sort()) {
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ 10, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
