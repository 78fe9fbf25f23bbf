// A value read whole from the backend (a map, a table) and read again when the engine says a
// kind it is made of changed (or after a reconcile). For views that are not kept lists: no
// deltas, no timers; a burst of notices folds into one more read.
import { errorMessage } from '$lib/format';
import { engine, type ResourceKind } from '$lib/ipc/client';
import { Folded } from './folded';
import { Subscription } from './subscription';

export class Refetched<T> {
  value = $state<T | null>(null);
  error = $state<string | null>(null);
  /** The first answer (or failure) has arrived. */
  loaded = $state(false);

  #changes = new Subscription();
  #read: Folded;

  /** `fetch` reads the whole value; `kinds` are what it is made of. */
  constructor(
    fetch: () => Promise<T>,
    private readonly kinds: ResourceKind[],
  ) {
    this.#read = new Folded(async () => {
      try {
        this.value = await fetch();
        this.error = null;
      } catch (e) {
        this.error = errorMessage(e);
      } finally {
        this.loaded = true;
      }
    });
  }

  async start(): Promise<void> {
    await this.#changes.open(() =>
      engine.onResourcesChanged((c) => {
        if (c.reconcile || c.kinds.some((k) => this.kinds.includes(k))) void this.refresh();
      }),
    );
    await this.refresh();
  }

  stop(): Promise<void> {
    return this.#changes.close();
  }

  refresh(): Promise<void> {
    return this.#read.ask();
  }
}
