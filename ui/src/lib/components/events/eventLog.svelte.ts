// The Events page's list: what the live feed or a past window shows, newest first, capped; and
// pause: while paused, new events wait (up to a bound, counted, the oldest let go past it and
// said so) and go on screen at resume.
import type { EngineEvent, EventFeedMessage } from '$lib/ipc/client';

export interface LogItem extends EngineEvent {
  /** Stable key for the list. */
  seq: number;
}

export class EventLog {
  /** On screen, newest first. */
  items = $state<LogItem[]>([]);
  paused = $state(false);
  /** Events that came while paused, oldest first (at most `pauseBound`). */
  #waiting: LogItem[] = [];
  /** How many came while paused, kept or not. */
  newCount = $state(0);
  /** Of those, how many were let go because more than `pauseBound` came. */
  letGo = $state(0);
  /** Events the feed skipped because the view fell behind (the backend's count). */
  skipped = $state(0);
  #seq = 0;

  constructor(
    readonly capacity = 5000,
    readonly pauseBound = 1000,
  ) {}

  #stamp(events: EngineEvent[]): LogItem[] {
    return events.map((e) => ({ ...e, seq: ++this.#seq }));
  }

  /** A message of the live feed. The backlog (`replay`) replaces what is shown: it is what
   *  this filter shows from the start. */
  /** Forgets every event shown (the app switched engines: they were the old engine's). */
  clear(): void {
    this.items = [];
    this.#waiting = [];
    this.newCount = 0;
    this.letGo = 0;
    this.skipped = 0;
  }

  receive(m: EventFeedMessage): void {
    if (m.type === 'skipped') {
      this.skipped += m.count;
      return;
    }
    const fresh = this.#stamp(m.events);
    if (m.replay) {
      this.#clearWaiting();
      this.items = fresh.reverse().slice(0, this.capacity);
      return;
    }
    if (this.paused) {
      this.newCount += fresh.length;
      this.#waiting.push(...fresh);
      const over = this.#waiting.length - this.pauseBound;
      if (over > 0) {
        this.#waiting.splice(0, over);
        this.letGo += over;
      }
      return;
    }
    this.items = [...fresh.reverse(), ...this.items].slice(0, this.capacity);
  }

  /** Shows a past window (oldest first, as the engine sends it) instead of the feed. */
  show(events: EngineEvent[]): void {
    this.#clearWaiting();
    this.skipped = 0;
    this.items = this.#stamp(events).reverse().slice(0, this.capacity);
  }

  pause(): void {
    this.paused = true;
  }

  /** Puts what waited on screen. */
  resume(): void {
    this.paused = false;
    const waited = this.#waiting.reverse();
    this.items = [...waited, ...this.items].slice(0, this.capacity);
    this.#clearWaiting();
  }

  #clearWaiting(): void {
    this.#waiting = [];
    this.newCount = 0;
    this.letGo = 0;
  }

  /** What is shown, oldest first, as the engine sent it (for the export). */
  shown(): EngineEvent[] {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    return [...this.items].reverse().map(({ seq, ...e }) => e);
  }
}
