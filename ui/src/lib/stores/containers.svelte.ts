// The container list, kept by engine events, never on a timer: fetched whole when the view
// opens (and after a reconnect), then patched with just the containers each change notice
// names. Filtering, grouping and selection happen here, on the client.
import { errorMessage } from '$lib/format';
import {
  containers as api,
  engine,
  type ContainerAction,
  type ContainerRow,
  type Unlisten,
} from '$lib/ipc/client';

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
  /** Replaced whole on every change, never edited in place: raw state spares a proxy per row
   *  (thousands of them) on every fetch. */
  items = $state.raw<ContainerRow[]>([]);
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
  /** Containers with an action queued or running: their buttons wait. */
  busy = $state<Record<string, boolean>>({});
  /** Counts fetched lists: views showing one container re-read it when this moves. */
  generation = $state(0);
  /** The last fetch, from asking the engine to the frame that shows its rows painted: the
   *  benchmark reads it from the view (P5 in TARGETS.md). */
  lastPaint = $state<{ rows: number; ms: number } | null>(null);

  #unlisten: Unlisten[] = [];
  /** Set by `stop`: a listener that arrives after it is dropped at once. */
  #stopped = false;
  #running = false;
  /** A fetch failed: the next notice refetches everything, not just what it names. */
  #stale = false;
  /** Work waiting for the fetch in flight: a whole refetch, and/or containers to patch. */
  #wantAll = false;
  // A plain work queue read only by #drain, not reactive state.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #wantIds = new Set<string>();

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

  readonly selectedIds = $derived(this.items.filter((c) => this.selected[c.id]).map((c) => c.id));

  async start(): Promise<void> {
    this.#stopped = false;
    try {
      const unlisten = await engine.onResourcesChanged((c) => {
        if (c.reconcile || c.containerIds == null) {
          if (c.reconcile || c.kinds.includes('container')) void this.refresh();
        } else if (c.kinds.includes('container')) {
          void this.patch(c.containerIds);
        }
      });
      // The view may have closed while the listener was being set up.
      if (this.#stopped) unlisten();
      else this.#unlisten.push(unlisten);
    } catch (e) {
      this.error = errorMessage(e);
    }
    if (!this.#stopped) await this.refresh();
  }

  stop(): void {
    this.#stopped = true;
    for (const u of this.#unlisten.splice(0)) u();
  }

  /** Whether any of these containers has an action queued or running. */
  anyBusy(ids: string[]): boolean {
    return ids.some((id) => this.busy[id]);
  }

  /** Refetches the whole list; calls during a fetch fold into one more fetch afterwards. */
  refresh(): Promise<void> {
    this.#wantAll = true;
    return this.#drain();
  }

  /** Refetches just these containers and patches them in (or out, when gone). */
  patch(ids: string[]): Promise<void> {
    if (this.#stale) this.#wantAll = true;
    for (const id of ids) this.#wantIds.add(id);
    return this.#drain();
  }

  async #drain(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.loading = true;
    try {
      while (this.#wantAll || this.#wantIds.size) {
        try {
          if (this.#wantAll) {
            // A whole list covers every patch asked for so far.
            this.#wantAll = false;
            this.#wantIds.clear();
            const asked = performance.now();
            const list = await api.list(true);
            this.items = list;
            afterNextPaint(
              () => (this.lastPaint = { rows: list.length, ms: performance.now() - asked }),
            );
          } else {
            const ids = [...this.#wantIds];
            this.#wantIds.clear();
            this.items = patchRows(this.items, ids, await api.listById(ids));
          }
          this.generation++;
          this.error = null;
          this.#stale = false;
          this.loaded = true;
          this.#forgetGoneSelections();
        } catch (e) {
          // Not retried here (the engine may be gone): the view says the list may be out of
          // date, and the next notice, or the reconcile after a reconnect, fetches it whole.
          this.error = errorMessage(e);
          this.#stale = true;
        }
      }
    } finally {
      this.#running = false;
      this.loading = false;
    }
  }

  #forgetGoneSelections(): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const ids = new Set(this.items.map((c) => c.id));
    for (const id of Object.keys(this.selected)) if (!ids.has(id)) delete this.selected[id];
  }

  byId(id: string): ContainerRow | undefined {
    return this.items.find((c) => c.id === id);
  }

  /** Runs an action on each container, a few at a time, recording the command and outcome. */
  async run(ids: string[], action: ContainerAction): Promise<ActionResult[]> {
    const out: ActionResult[] = [];
    for (const id of ids) this.busy[id] = true;
    const nameOf = (id: string) => this.byId(id)?.name ?? id.slice(0, 12);
    // One call gives the line for every target, shown also when the action fails. Without
    // it nothing runs: the user would not see what was done.
    let lines: Record<string, string> | null = null;
    let linesError = '';
    try {
      const p = await api.actionPreview(action, ids.map(nameOf));
      lines = Object.fromEntries(ids.map((id, i) => [id, p.commands[i] ?? '']));
    } catch (e) {
      linesError = errorMessage(e);
    }
    const queue = [...ids];
    const worker = async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        const row = this.byId(id);
        const name = nameOf(id);
        const command = lines?.[id] ?? '';
        try {
          if (!lines) throw new Error(linesError);
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
            message: errorMessage(e),
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

/** The list with the rows of `ids` replaced by their fresh rows; ids without a fresh row (the
 *  container is gone) leave the list. */
export function patchRows(
  rows: ContainerRow[],
  ids: string[],
  fresh: ContainerRow[],
): ContainerRow[] {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
  const named = new Set(ids);
  return rows.filter((r) => !named.has(r.id)).concat(fresh);
}

/** Runs `fn` once the next frame has been painted: a frame callback runs just before the
 *  paint, and a task queued from it runs just after. */
function afterNextPaint(fn: () => void): void {
  if (typeof requestAnimationFrame !== 'function') return;
  requestAnimationFrame(() => setTimeout(fn, 0));
}
