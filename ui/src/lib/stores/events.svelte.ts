// The live event feed: newest first, capped so a storm cannot grow memory without bound.
import { errorMessage } from '$lib/format';
import {
  engineEvents,
  type EngineEvent,
  type EventFeedMessage,
  type EventFeedStreamMessage,
} from '$lib/ipc/client';
import { Subscription } from './subscription';

export interface FeedItem extends EngineEvent {
  /** Stable key for the list. */
  seq: number;
}

export class EventFeedStore {
  items = $state<FeedItem[]>([]);
  skipped = $state(0);
  error = $state<string | null>(null);

  #stream = new Subscription();
  #seq = 0;

  constructor(readonly capacity = 300) {}

  async start(): Promise<void> {
    try {
      await this.#stream.open(async () => {
        const stream = await engineEvents.follow((m) => this.#take(m));
        return () => stream.cancel();
      });
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  stop(): Promise<void> {
    return this.#stream.close();
  }

  #take(m: EventFeedStreamMessage): void {
    if (m.type === 'data') this.receive(m.data);
    else if (m.type === 'error' && m.error.code === 'engineSwitched') {
      // Another engine: the feed shown was the old one's; follow the new one.
      this.items = [];
      this.skipped = 0;
      void this.#stream.close().then(() => this.start());
    }
    // The feed ends only when the app shuts down or the view cancelled it; anything else
    // (the engine connection failed under it) is worth saying.
    else if (m.type === 'error' && m.error.code !== 'cancelled') this.error = m.error.message;
  }

  receive(m: EventFeedMessage): void {
    if (m.type === 'skipped') {
      this.skipped += m.count;
      return;
    }
    const fresh = m.events.map((e) => ({ ...e, seq: ++this.#seq })).reverse();
    this.items = [...fresh, ...this.items].slice(0, this.capacity);
  }
}
