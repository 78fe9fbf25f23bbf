// The engine's events (`docker events`): the live feed the home screen follows, and the Events
// page's filtered feed, past windows, command line and export.
import {
  commands,
  type EngineEvent,
  type EventFeedMessage,
  type EventFilter,
  type EventQuery,
  type EventWindow,
} from './bindings';
import { openStream, unwrap, type StreamHandle, type StreamMessage } from './core';

/** What the event feed's stream carries: batches of events, until it is cancelled. */
export type EventFeedStreamMessage = StreamMessage<EventFeedMessage, null>;

export const engineEvents = {
  /** Opens the live event feed: a backlog first (`replay: true`), then live batches. */
  follow: (onMessage: (m: EventFeedStreamMessage) => void): Promise<StreamHandle> =>
    openStream((channel) => unwrap(commands.eventsFollow(channel)), onMessage),
  /** The live feed with only what `filter` lets through (the engine's own rule); the backlog
   *  message always comes first, even empty. */
  followFiltered: (
    filter: EventFilter,
    onMessage: (m: EventFeedStreamMessage) => void,
  ): Promise<StreamHandle> =>
    openStream((channel) => unwrap(commands.eventsPageFollow(filter, channel)), onMessage),
  /** The engine's events over a past window, filtered by the engine. */
  query: (query: EventQuery): Promise<EventWindow> => unwrap(commands.eventsQuery(query)),
  /** The `docker events …` line a window (or, without times, the live feed) equals. */
  command: (query: EventQuery): Promise<string> => commands.eventsCommand(query),
  /** The save dialog for the events export; only a path chosen here may be written. */
  chooseExportPath: (typed: string): Promise<string | null> =>
    unwrap(commands.eventsExportChoose(typed)),
  /** Writes `events` as JSON lines to a path chosen in the dialog; resolves to the bytes. */
  exportLines: (destination: string, events: EngineEvent[], replace: boolean): Promise<number> =>
    unwrap(commands.eventsExport(destination, events, replace)).then((n) => n ?? 0),
};
