import { errorMessage } from '$lib/format';

/** Keeps only the answer to the latest question. Previews are asked for as the user types or
 *  points, and their answers can arrive out of order: an answer (or an error) to a question
 *  asked before the newest one is dropped, so an older preview never replaces a newer one. */
export class Latest {
  #asked = 0;

  /** Runs `task`. `onAnswer` gets its value, or `onError` its error's message, unless a newer
   *  `ask` (or `forget`) came after it; then neither is called. */
  ask<T>(
    task: () => Promise<T>,
    onAnswer: (value: T) => void,
    onError: (message: string) => void,
  ): void {
    const mine = ++this.#asked;
    Promise.resolve()
      .then(task)
      .then(
        (value) => {
          if (mine === this.#asked) onAnswer(value);
        },
        (e: unknown) => {
          if (mine === this.#asked) onError(errorMessage(e));
        },
      );
  }

  /** Drops the answer to whatever is in flight. */
  forget(): void {
    this.#asked++;
  }
}
