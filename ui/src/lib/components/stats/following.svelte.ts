// Follows one container's stats while asked to, keeping the last two minutes: the stream runs
// only between `start` and `stop`, so a view opens it while it is on screen and the window is
// showing, and closes it otherwise.
import { errorMessage } from '$lib/format';
import { inside } from '$lib/ipc/client';
import { keep, type Figures, type TimedSample } from './history';

export class StatsFollower {
  history = $state<TimedSample[]>([]);
  /** Why the stream ended, in words (the container stopped, the engine failed). */
  ended = $state<string | null>(null);
  #cancel: (() => Promise<void>) | null = null;
  #generation = 0;

  constructor(readonly id: string) {}

  get latest(): Figures | null {
    return this.history[this.history.length - 1]?.sample ?? null;
  }

  get running(): boolean {
    return this.#cancel !== null;
  }

  start() {
    if (this.#cancel) return;
    const generation = ++this.#generation;
    this.ended = null;
    // A placeholder until the stream's id is known, so a second start does not open another.
    let cancelled = false;
    this.#cancel = async () => {
      cancelled = true;
    };
    inside
      .followStats(this.id, (m) => {
        if (generation !== this.#generation) return;
        if (m.type === 'data') this.history = keep(this.history, m.data, Date.now());
        else {
          this.ended = m.type === 'end' ? m.end : m.error.message;
          this.#cancel = null;
        }
      })
      .then((handle) => {
        if (cancelled || generation !== this.#generation) void handle.cancel();
        else if (this.#cancel) this.#cancel = handle.cancel;
      })
      .catch((e) => {
        if (generation !== this.#generation) return;
        this.ended = errorMessage(e);
        this.#cancel = null;
      });
  }

  stop() {
    this.#generation++;
    const cancel = this.#cancel;
    this.#cancel = null;
    void cancel?.();
  }
}

/** Whether the app's window is showing (not minimised or hidden behind another desktop). */
export class PageVisibility {
  visible = $state(typeof document === 'undefined' || document.visibilityState !== 'hidden');
  #listener = () => {
    this.visible = document.visibilityState !== 'hidden';
  };
  constructor() {
    if (typeof document !== 'undefined')
      document.addEventListener('visibilitychange', this.#listener);
  }
  dispose() {
    if (typeof document !== 'undefined')
      document.removeEventListener('visibilitychange', this.#listener);
  }
}
