// The image list as the backend keeps it (a `KeptStore`: loaded once when a view opens, then
// changed by the deltas the backend pushes), with the text and dangling filters, the selection
// and the last outcomes on the client.
import { afterNextPaint, type ListPaint } from './paint';
import { images as api, type ImageRow } from '$lib/ipc/client';
import { KeptStore } from './kept.svelte';

export interface ImageResult {
  name: string;
  command: string;
  ok: boolean;
  message: string;
}

/** The 12 hex digits `docker images` shows. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** How the user knows an image: its first repo:tag, else its short id. */
export function imageRef(i: ImageRow): string {
  return i.repoTags[0] ?? shortId(i.id);
}

/** Every name of a row, for its tags column: `<none>` for a dangling one, as `docker images`. */
export function tagsOf(i: ImageRow): string {
  return i.repoTags.length ? i.repoTags.join(', ') : '<none>';
}

export class ImagesStore {
  readonly #kept = new KeptStore<ImageRow>(
    { load: () => api.list(), listen: (cb) => api.onChanged(cb) },
    (row) => row.id,
    () => this.#forgetGoneSelections(),
  );
  filter = $state('');
  /** Only images no tag names. */
  danglingOnly = $state(false);
  selected = $state<Record<string, boolean>>({});
  /** The last actions and how they went, newest first. */
  results = $state<ImageResult[]>([]);

  get items(): ImageRow[] {
    return this.#kept.items;
  }
  get loaded(): boolean {
    return this.#kept.loaded;
  }
  get error(): string | null {
    return this.#kept.error;
  }

  /** Rows the filters let through (a tag or digest containing the text, or an id starting
   *  with it, `sha256:` or not), newest first as `docker images` lists them. */
  readonly visible = $derived.by(() => {
    const q = this.filter.trim().toLowerCase();
    const hex = q.replace(/^sha256:/, '');
    return this.items
      .filter(
        (i) =>
          (!this.danglingOnly || i.dangling) &&
          (!q ||
            i.repoTags.some((t) => t.toLowerCase().includes(q)) ||
            i.repoDigests.some((d) => d.toLowerCase().includes(q)) ||
            (hex !== '' && i.id.replace(/^sha256:/, '').startsWith(hex))),
      )
      .sort((a, b) => b.created - a.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  });

  /** Every local repo:tag, sorted: the run form offers them as its image is typed. */
  readonly references = $derived(this.items.flatMap((i) => i.repoTags).sort());

  readonly selectedIds = $derived(this.items.filter((i) => this.selected[i.id]).map((i) => i.id));

  /** The last load, from asking the backend to the frame that shows its rows painted: the
   *  image list benchmark reads it from the view. */
  lastPaint = $state<ListPaint | null>(null);

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

  byId(id: string): ImageRow | undefined {
    return this.items.find((i) => i.id === id);
  }

  /** Moves whenever a change names this image: its details panel re-reads then. */
  revision(id: string): number {
    return this.#kept.revision(id);
  }

  /** Records an action's outcome for the footer, newest first. */
  record(r: ImageResult): void {
    this.results = [r, ...this.results].slice(0, 20);
  }

  #forgetGoneSelections(): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const ids = new Set(this.items.map((i) => i.id));
    for (const id of Object.keys(this.selected)) if (!ids.has(id)) delete this.selected[id];
  }
}
