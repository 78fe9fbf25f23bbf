// `docker image inspect` of the image a tab shows, re-read when its row changes (a tag added
// or removed): only the newest answer counts, so a slow older read never lands last.
import { images as api, type ImageDetails, type ImageRow } from '$lib/ipc/client';
import { Latest } from '$lib/latest';
import { untrack } from 'svelte';

export class Inspected {
  details = $state<ImageDetails | null>(null);
  error = $state<string | null>(null);
  readonly #asked = new Latest();

  /** Reads `image`; the details of another image are dropped at once. Called from an effect,
   *  which must depend on the row only (the answer sets `details`). */
  read(image: ImageRow): void {
    const id = image.id;
    untrack(() => {
      if (this.details && this.details.id !== id) this.details = null;
    });
    this.#asked.ask(
      () => api.inspect(id),
      (d) => {
        this.details = d;
        this.error = null;
      },
      (m) => (this.error = m),
    );
  }
}
