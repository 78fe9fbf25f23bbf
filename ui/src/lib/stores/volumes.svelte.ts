// The volume list as the backend keeps it (a `KeptStore`: loaded once when the view opens,
// then changed by the deltas the backend pushes; who uses each volume comes in the rows).
// Sizes are not part of it: measuring walks every volume's files, so they are fetched only
// when the user asks, and kept beside the rows until asked again. Filtering and selection
// happen here, on the client.
import { errorMessage } from '$lib/format';
import { volumes as api, type VolumeRow } from '$lib/ipc/client';
import type { FooterResult } from '$lib/components/shared/ActionFooter.svelte';
import { KeptStore } from './kept.svelte';

const byName = new Intl.Collator().compare;

/** A volume's measured size: bytes, or null when its driver cannot tell. */
export type MeasuredSize = number | null;

export class VolumesStore {
  readonly #kept = new KeptStore<VolumeRow>(
    { load: () => api.list(), listen: (cb) => api.onChanged(cb) },
    (row) => row.name,
    () => this.#forgetGoneSelections(),
  );
  filter = $state('');
  /** Only volumes no container uses (running or stopped). */
  unusedOnly = $state(false);
  selected = $state<Record<string, boolean>>({});
  /** Sizes by name from the last measurement; a volume missing here was not measured. */
  sizes = $state.raw<Record<string, MeasuredSize>>({});
  /** When sizes were last measured (ms since the epoch), null before the first time. */
  sizesAt = $state<number | null>(null);
  measuring = $state(false);
  sizesError = $state<string | null>(null);
  /** The last actions and how they went, newest first. */
  results = $state<FooterResult[]>([]);

  get items(): VolumeRow[] {
    return this.#kept.items;
  }
  get loaded(): boolean {
    return this.#kept.loaded;
  }
  get error(): string | null {
    return this.#kept.error;
  }

  readonly visible = $derived.by(() => {
    const q = this.filter.trim().toLowerCase();
    return this.items
      .filter(
        (v) =>
          (!this.unusedOnly || v.usedBy.length === 0) &&
          (!q ||
            v.name.toLowerCase().includes(q) ||
            v.driver.toLowerCase().includes(q) ||
            v.labels.some(([k, val]) => `${k}=${val}`.toLowerCase().includes(q)) ||
            v.usedBy.some((u) => u.name.toLowerCase().includes(q))),
      )
      .sort((a, b) => Number(a.anonymous) - Number(b.anonymous) || byName(a.name, b.name));
  });

  readonly selectedNames = $derived(
    this.items.filter((v) => this.selected[v.name]).map((v) => v.name),
  );

  start(): Promise<void> {
    return this.#kept.start();
  }

  stop(): void {
    this.#kept.stop();
  }

  byName(name: string): VolumeRow | undefined {
    return this.items.find((v) => v.name === name);
  }

  /** Moves whenever a change names this volume: a view showing it re-reads then. */
  revision(name: string): number {
    return this.#kept.revision(name);
  }

  /** Whether this volume has a measured size (null included: measured, size unknown). */
  measured(name: string): boolean {
    return name in this.sizes;
  }

  /** Measures every volume (`docker system df -v`), once per click. */
  async measure(): Promise<void> {
    if (this.measuring) return;
    this.measuring = true;
    this.sizesError = null;
    try {
      const list = await api.sizes();
      this.sizes = Object.fromEntries(list.map((s) => [s.name, s.sizeBytes]));
      this.sizesAt = Date.now();
    } catch (e) {
      this.sizesError = errorMessage(e);
    } finally {
      this.measuring = false;
    }
  }

  /** Records what an action ran and how it went, newest first. */
  record(r: FooterResult): void {
    this.results = [r, ...this.results].slice(0, 20);
  }

  #forgetGoneSelections(): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const names = new Set(this.items.map((v) => v.name));
    for (const n of Object.keys(this.selected)) if (!names.has(n)) delete this.selected[n];
  }
}
