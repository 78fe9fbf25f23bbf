// Logs (`docker logs`): follow one container's or several containers' output in batches, read
// older pages, and save the whole log to a file chosen in the save dialog. Batches come at
// most every ~50 ms; `skipped` counts lines dropped because the view fell behind.
import {
  commands,
  type LogBatch,
  type LogLine,
  type LogsEnd,
  type LogSource,
  type LogsRequest,
  type SaveEnd,
  type SaveProgress,
} from './bindings';
import { openStream, unwrap, type StreamHandle, type StreamMessage } from './core';

/** What a logs stream carries: batches of lines, then how many were sent in all. */
export type LogsMessage = StreamMessage<LogBatch, LogsEnd>;
/** What a save's stream carries: bytes written so far, then the outcome with its command. */
export type LogsSaveMessage = StreamMessage<SaveProgress, SaveEnd>;

export const logs = {
  /** Follows `request.ids` (several: merged by time). A driver that can't be read back ends
   *  the stream with an error whose code is `logs_unreadable`. */
  follow: (request: LogsRequest, on: (m: LogsMessage) => void): Promise<StreamHandle> =>
    openStream((ch) => unwrap(commands.logsFollow(request, ch)), on),
  /** Each container's name, terminal and logging driver. */
  sources: (ids: string[]): Promise<LogSource[]> => unwrap(commands.logsSources(ids)),
  /** The `count` lines before time `before` (the oldest line shown), oldest first. */
  page: (id: string, before: string, count: number): Promise<LogLine[]> =>
    unwrap(commands.logsPage(id, before, count)),
  /** The `docker logs …` line the view equals. */
  command: (request: LogsRequest): Promise<string> => commands.logsCommand(request),
  /** The save dialog (suggests `<name>.log`); null when the user closed it. */
  chooseSavePath: (id: string): Promise<string | null> => unwrap(commands.logsSaveChoose(id)),
  save: (
    id: string,
    path: string,
    timestamps: boolean,
    on: (m: LogsSaveMessage) => void,
  ): Promise<StreamHandle> =>
    openStream((ch) => unwrap(commands.logsSave(id, path, timestamps, ch)), on),
};
