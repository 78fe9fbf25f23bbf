// How each list was left (its filter box and its check boxes: Containers' "show stopped too"
// and "group by project", Images' "dangling only", Volumes' "unused only"), kept in the
// settings file so the list opens the same way after a restart or an engine switch. A list
// reads its view when it opens: the backend's copy is the one record, changed by every write.
import { settings, type ListView } from '$lib/ipc/client';

/** The names of a store's check boxes: its boolean fields. */
export type ToggleOf<S> = { [K in keyof S]: S[K] extends boolean ? K : never }[keyof S] & string;

/** Set once the window has switched engines: see `filtersStayWithTheirEngine`. */
let switchedEngine = false;

/**
 * Called when the window moves to another engine. A filter typed for the old engine (often
 * one of its names or ids) is not brought back on the new one: lists open unfiltered there,
 * and the kept filter is replaced by what the user types next. The check boxes stay.
 */
export function filtersStayWithTheirEngine(): void {
  switchedEngine = true;
}

/** Filters kept only after typing pauses, so a word typed is one write, not one per key. */
const KEEP_AFTER_MS = 400;

function sameView(a: ListView, b: ListView): boolean {
  const at = a.toggles ?? {};
  const bt = b.toggles ?? {};
  const names = new Set([...Object.keys(at), ...Object.keys(bt)]);
  return a.filter === b.filter && [...names].every((n) => at[n] === bt[n]);
}

/**
 * Opens the list `store()` gives as it was left under the id `id`, then keeps each change of
 * its filter and of the check boxes named in `toggles`. Call it while the view's component is
 * being set up (it registers effects).
 */
export function keepListView<S extends { filter: string }>(
  id: string,
  store: () => S,
  toggles: readonly ToggleOf<S>[] = [],
): void {
  const viewOf = (list: S): ListView => ({
    filter: list.filter,
    toggles: Object.fromEntries(toggles.map((t) => [t, list[t] as boolean])),
  });
  let restored = $state(false);
  const before = viewOf(store());
  /** What the settings hold for this list, as far as this view knows. */
  let last: ListView | null = null;
  void settings
    .get()
    .then((s) => s.lists[id] ?? null)
    // Not readable: the list opens unfiltered, and what the user sets is still kept.
    .catch(() => null)
    .then((view) => {
      last = view;
      const list = store();
      // What the user changed before the kept view arrived wins over it.
      if (view && sameView(viewOf(list), before)) {
        if (!switchedEngine) list.filter = view.filter;
        for (const t of toggles) {
          const on = view.toggles?.[t];
          if (typeof on === 'boolean') (list as Record<string, unknown>)[t] = on;
        }
      }
      restored = true;
    });
  // The view waiting for typing to pause; written then, or when the view closes first.
  let pending: ListView | null = null;
  function write(): void {
    const view = pending;
    pending = null;
    // Nothing new, or a list never changed from how it opens: nothing to write.
    if (!view || (last ? sameView(last, view) : sameView(before, view))) return;
    last = view;
    // Not kept only means the next start opens this list unfiltered: not worth a message.
    settings.setListView(id, view).catch(() => undefined);
  }
  $effect(() => {
    const view = viewOf(store());
    if (!restored) return;
    pending = view;
    const timer = setTimeout(write, KEEP_AFTER_MS);
    return () => clearTimeout(timer);
  });
  // Leaving the view right after a change: the change is kept now rather than dropped.
  $effect(() => () => write());
}
