// Calls to the backend that have been waiting longer than a moment. Every engine command
// passes through `unwrap` (core.ts), which counts it here; a call still unanswered after
// `SLOW_MS` counts as slow until it answers. The status bar says "Waiting for <engine>…"
// while any is slow: over a remote link that is common, and better said than left as a
// frozen-looking view. Only calls the UI is actually waiting on count; streams' data does not.

/** How long a call may take before the UI says it is waiting. */
export const SLOW_MS = 400;

export class PendingCalls {
  /** Calls unanswered for longer than `SLOW_MS`. */
  slow = $state(0);

  constructor(
    private readonly slowMs = SLOW_MS,
    private readonly timers: {
      set: (f: () => void, ms: number) => unknown;
      clear: (t: unknown) => void;
    } = {
      set: (f, ms) => setTimeout(f, ms),
      clear: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
    },
  ) {}

  get waiting(): boolean {
    return this.slow > 0;
  }

  /** Counts `call` while it is pending; resolves or rejects as it does. */
  async track<T>(call: Promise<T>): Promise<T> {
    let counted = false;
    const timer = this.timers.set(() => {
      counted = true;
      this.slow++;
    }, this.slowMs);
    try {
      return await call;
    } finally {
      this.timers.clear(timer);
      if (counted) this.slow--;
    }
  }
}

/** The app's one counter, fed by `unwrap`. */
export const pendingCalls = new PendingCalls();
