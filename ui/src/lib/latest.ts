/** Keeps only the answer to the latest question. Previews are asked for as the user types or
 *  points, and their answers can arrive out of order: an answer (or an error) to a question
 *  asked before the newest one is dropped, so an older preview never replaces a newer one. */
export class Latest {
  #asked = 0;

  /** Runs `task`. Resolves to `{ value }`, or to null when a newer `run` (or `forget`) came
   *  after it; rejects only when it is still the newest. */
  async run<T>(task: () => Promise<T>): Promise<{ value: T } | null> {
    const mine = ++this.#asked;
    try {
      const value = await task();
      return mine === this.#asked ? { value } : null;
    } catch (e) {
      if (mine === this.#asked) throw e;
      return null;
    }
  }

  /** Drops the answer to whatever is in flight. */
  forget(): void {
    this.#asked++;
  }
}
