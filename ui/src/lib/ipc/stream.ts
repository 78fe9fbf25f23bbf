// Every per-view stream (event feed, stats, export, wait) has one shape: the command returns the
// stream's id at once; data, then exactly one `end` or `error`, arrive on the channel; cancel by
// id. This opens one and cancels it, so no area writes its own channel plumbing.
import { Channel } from '@tauri-apps/api/core';
import { commands, type StreamMessage } from './bindings';

export type { StreamMessage };

/** A stream that is running: call `cancel` when the view that shows it goes away. A cancelled
 *  stream still sends its last message (an `error` with the code `cancelled`). */
export interface StreamHandle {
  id: number;
  cancel: () => Promise<void>;
}

/** Ends the stream `id`; one that already ended is fine. */
export function cancelStream(id: number): Promise<void> {
  return commands.streamCancel(id).then(() => undefined);
}

/** Opens a stream: `start` passes the channel to its command and resolves to the id (or throws
 *  what the command refused with); `onMessage` gets every message. */
export async function openStream<T, E>(
  start: (channel: Channel<StreamMessage<T, E>>) => Promise<number>,
  onMessage: (m: StreamMessage<T, E>) => void,
): Promise<StreamHandle> {
  const channel = new Channel<StreamMessage<T, E>>();
  channel.onmessage = onMessage;
  const id = await start(channel);
  return { id, cancel: () => cancelStream(id) };
}
