// How each list was left (its filter box, and for containers "running only"), kept in the
// settings file so the list opens the same way after a restart or an engine switch. The kept
// views are read once per window; what a list keeps updates that copy too, so a list opened
// again in this session finds its latest view without asking the backend.
import { settings, type ListView } from '$lib/ipc/client';

/** A list's store: its filter text and, for containers, whether stopped ones show too. */
export interface FilteredList {
  filter: string;
  showAll?: boolean;
}

/** Filters kept only after typing pauses, so a word typed is one write, not one per key. */
const KEEP_AFTER_MS = 400;

let kept: Promise<Record<string, ListView>> | null = null;

function keptViews(): Promise<Record<string, ListView>> {
  kept ??= settings
    .get()
    .then((s) => ({ ...s.lists }))
    // Not readable: lists open unfiltered, and what the user sets is still kept.
    .catch(() => ({}));
  return kept;
}

/** Forgets the copy read (tests start each window afresh). */
export function forgetKeptListViews(): void {
  kept = null;
}

function viewOf(list: FilteredList): ListView {
  return list.showAll === undefined
    ? { filter: list.filter }
    : { filter: list.filter, runningOnly: !list.showAll };
}

/**
 * Opens the list `store()` gives as it was left under the id `id`, then keeps each change.
 * Call it while the view's component is being set up (it registers an effect). A filter typed
 * before the kept one arrived wins over the kept one.
 */
export function keepListView(id: string, store: () => FilteredList): void {
  let restored = $state(false);
  const before = { filter: store().filter, showAll: store().showAll };
  void keptViews().then((views) => {
    const list = store();
    const view = views[id];
    const untouched = list.filter === before.filter && list.showAll === before.showAll;
    if (view && untouched) {
      list.filter = view.filter;
      if (list.showAll !== undefined && typeof view.runningOnly === 'boolean') {
        list.showAll = !view.runningOnly;
      }
    }
    restored = true;
  });
  // The view waiting for typing to pause; written then, or when the view closes first.
  let pending: ListView | null = null;
  function write(): void {
    const view = pending;
    pending = null;
    if (!view) return;
    void keptViews().then((views) => {
      const last = views[id];
      const same =
        last?.filter === view.filter && (last?.runningOnly ?? null) === (view.runningOnly ?? null);
      if (same || (!last && !view.filter && !view.runningOnly)) return;
      views[id] = view;
      // Not kept only means the next start opens this list unfiltered: not worth a message.
      settings.setListView(id, view).catch(() => undefined);
    });
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
