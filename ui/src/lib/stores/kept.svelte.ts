// A list the backend keeps (the only copy: `tugboat_engine::kept`), mirrored here: loaded once
// with its version, then changed only by the deltas the backend pushes, in order. It never asks
// the engine to patch itself: a change costs one engine call in the backend, whatever shows it.
// Generic: containers use it now; images, volumes and networks will.
import { SvelteMap } from 'svelte/reactivity';
import { errorMessage } from '$lib/format';
import type { Delta, Snapshot, Unlisten } from '$lib/ipc/client';
import { Folded } from './folded';
import { Subscription } from './subscription';

/** Where a kept list comes from: one load, and the deltas after it. */
export interface KeptSource<T> {
  load: () => Promise<Snapshot<T>>;
  listen: (cb: (d: Delta<T>) => void) => Promise<Unlisten>;
}

export class KeptStore<T> {
  /** Replaced whole on every change, never edited in place: raw state spares a proxy per row
   *  (thousands of them). */
  items = $state.raw<T[]>([]);
  loading = $state(false);
  loaded = $state(false);
  error = $state<string | null>(null);
  /** The version of the last delta applied (or of the load). */
  version = 0;

  readonly #source: KeptSource<T>;
  readonly #key: (row: T) => string;
  readonly #changed: () => void;
  /** Per key, how many deltas named it: a view showing one row re-reads when it moves. */
  readonly #touched = new SvelteMap<string, number>();
  /** Resets name no rows: every row counts as touched. */
  #resets = $state(0);
  #listener = new Subscription();
  /** Deltas that arrived while a load was in flight, applied after it. */
  #held: Delta<T>[] | null = null;
  #loads = new Folded(
    () => this.#loadOnce(),
    () => {
      this.#held = null;
      this.loading = false;
    },
  );

  /** `changed` is called after every change to `items`. */
  constructor(source: KeptSource<T>, key: (row: T) => string, changed: () => void = () => {}) {
    this.#source = source;
    this.#key = key;
    this.#changed = changed;
  }

  /** Listens, then loads: a delta sent between the two is held and applied after the load. */
  async start(): Promise<void> {
    try {
      await this.#listener.open(() => this.#source.listen((d) => this.#receive(d)));
    } catch (e) {
      this.error = errorMessage(e);
    }
    if (!this.#listener.closed) await this.reload();
  }

  stop(): void {
    void this.#listener.close();
  }

  /** How often the row with this key has changed (moves on every delta naming it, and on
   *  every reset). */
  revision(key: string): number {
    return this.#resets + (this.#touched.get(key) ?? 0);
  }

  /** Loads the whole list; calls during a load fold into one more load afterwards. Deltas
   *  that arrive meanwhile are held and applied after each load. */
  reload(): Promise<void> {
    return this.#loads.ask();
  }

  async #loadOnce(): Promise<void> {
    this.#held ??= [];
    this.loading = true;
    try {
      const snap = await this.#source.load();
      this.#set(snap.rows, snap.version);
      this.#resets++;
      this.loaded = true;
      this.error = null;
    } catch (e) {
      // Not retried here (the engine may be gone): the view says the list may be out of
      // date, and the next delta (a reset after a reconnect) mends it.
      this.error = errorMessage(e);
    }
    const held = this.#held;
    this.#held = [];
    for (const d of held) this.#apply(d);
  }

  #receive(d: Delta<T>): void {
    if (this.#held) this.#held.push(d);
    else this.#apply(d);
  }

  #apply(d: Delta<T>): void {
    if (d.kind === 'reset') {
      if (this.loaded && d.version <= this.version) return;
      this.#set(d.rows, d.version);
      this.#resets++;
      this.loaded = true;
      this.error = null;
      return;
    }
    if (this.loaded && d.version <= this.version) return;
    if (!this.loaded || d.version !== this.version + 1) {
      // A gap (or nothing to patch): only a whole list is certain.
      void this.reload();
      return;
    }
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const named = new Set([...d.removed, ...d.upserted.map(this.#key)]);
    this.#set(this.items.filter((r) => !named.has(this.#key(r))).concat(d.upserted), d.version);
    for (const k of named) this.#touched.set(k, (this.#touched.get(k) ?? 0) + 1);
  }

  #set(rows: T[], version: number): void {
    this.items = rows;
    this.version = version;
    this.#changed();
  }
}
