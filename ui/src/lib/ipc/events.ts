// The engine's live event feed (`docker events`).
import { Channel } from '@tauri-apps/api/core';
import { commands, type EventFeedMessage } from './bindings';
import { streamHandle, unwrap, type StreamHandle } from './core';

export const engineEvents = {
  /** Opens the live event feed: a backlog first (`replay: true`), then live batches. */
  async follow(onMessage: (m: EventFeedMessage) => void): Promise<StreamHandle> {
    const channel = new Channel<EventFeedMessage>();
    channel.onmessage = onMessage;
    return streamHandle(await unwrap(commands.eventsFollow(channel)));
  },
};
