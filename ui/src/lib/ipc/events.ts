// The engine's live event feed (`docker events`).
import { commands, type EventFeedMessage } from './bindings';
import { openStream, unwrap, type StreamHandle, type StreamMessage } from './core';

/** What the event feed's stream carries: batches of events, until it is cancelled. */
export type EventFeedStreamMessage = StreamMessage<EventFeedMessage, null>;

export const engineEvents = {
  /** Opens the live event feed: a backlog first (`replay: true`), then live batches. */
  follow: (onMessage: (m: EventFeedStreamMessage) => void): Promise<StreamHandle> =>
    openStream((channel) => unwrap(commands.eventsFollow(channel)), onMessage),
};
