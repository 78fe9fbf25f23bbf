// A listener or stream a store holds while its view is open. Opening is asynchronous and the
// view may close before it resolves; what was opened then is closed at once instead of being
// kept (and leaking) by a view that is gone. Every store that listens uses this one guard.

type Close = () => void | Promise<void>;

export class Subscription {
  #close: Close | null = null;
  #closed = false;

  /** Whether `close` was called since the last `open`. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Opens with `opening`, which resolves to how to close what it opened. */
  async open(opening: () => Promise<Close>): Promise<void> {
    this.#closed = false;
    const close = await opening();
    if (this.#closed) await close();
    else this.#close = close;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const close = this.#close;
    this.#close = null;
    if (close) await close();
  }
}
