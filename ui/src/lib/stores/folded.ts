// A refetch that may be asked for again while it runs (a burst of notices, say). Asks that
// arrive during a run fold into ONE more run after it, so the last answer is never older than
// the last ask, and a burst costs two fetches, not one per ask.

export class Folded {
  #running = false;
  #again = false;

  /** `run` is one fetch; `settled`, if given, runs once the fold is over. */
  constructor(
    private readonly run: () => Promise<void>,
    private readonly settled: () => void = () => {},
  ) {}

  get running(): boolean {
    return this.#running;
  }

  /** Runs now, or (one is running) once more after it; resolves when the fold is over for a
   *  caller that started it, at once for one that folded in. */
  async ask(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    try {
      do {
        this.#again = false;
        await this.run();
      } while (this.#again);
    } finally {
      this.#running = false;
      this.settled();
    }
  }
}
