// The logs area of the fake backend (`logs` in the client): a test sets the sources and pages
// the engine has, pushes batches to the streams a component opened the way the backend would,
// and reads back what was asked.
import type {
  Client,
  LogLine,
  LogsMessage,
  LogSource,
  LogsRequest,
  LogsSaveMessage,
} from '$lib/ipc/client';

export function makeLogLine(over: Partial<LogLine> = {}): LogLine {
  return {
    source: 0,
    stream: 'stdout',
    timestamp: '2024-05-01T10:00:00.000000000Z',
    text: 'hello',
    cut: 0,
    ...over,
  };
}

/** One logs stream a component opened, as the backend sees it. */
export interface FakeLogsStream {
  request: LogsRequest;
  send: (m: LogsMessage) => void;
  cancelled: boolean;
}

/** One save a component started. */
export interface FakeLogsSave {
  id: string;
  path: string;
  timestamps: boolean;
  send: (m: LogsSaveMessage) => void;
  cancelled: boolean;
}

export class FakeLogsArea {
  streams: FakeLogsStream[] = [];
  /** What `sources` answers, by id; an id not here is a json-file, non-TTY container. */
  sources: Record<string, LogSource> = {};
  pages: { id: string; before: string; count: number }[] = [];
  /** What `page` answers (a test replaces it). */
  pageAnswer: (id: string, before: string, count: number) => LogLine[] = () => [];
  /** What the save dialog answers. */
  savePath: string | null = null;
  saves: FakeLogsSave[] = [];

  /** Back to an empty area, for the next test. */
  reset() {
    Object.assign(this, {
      streams: [],
      sources: {},
      pages: [],
      pageAnswer: () => [],
      savePath: null,
      saves: [],
    });
  }

  /** The newest stream still open. */
  get latest(): FakeLogsStream | undefined {
    return [...this.streams].reverse().find((s) => !s.cancelled);
  }

  /** Sends a batch on the newest open stream. */
  push(lines: LogLine[], skipped = 0) {
    this.latest?.send({ type: 'data', data: { lines, skipped } });
  }

  area(): Client['logs'] {
    return {
      follow: async (request: LogsRequest, send: (m: LogsMessage) => void) => {
        const stream: FakeLogsStream = { request, send, cancelled: false };
        this.streams.push(stream);
        return {
          id: 300 + this.streams.length,
          cancel: async () => {
            stream.cancelled = true;
          },
        };
      },
      sources: async (ids: string[]) =>
        ids.map((id) => this.sources[id] ?? { id, name: id, tty: false, driver: 'json-file' }),
      page: async (id: string, before: string, count: number) => {
        this.pages.push({ id, before, count });
        return this.pageAnswer(id, before, count);
      },
      command: async (request: LogsRequest) =>
        [
          'docker logs',
          request.follow ? '--follow' : '',
          request.tail !== null ? `--tail ${request.tail}` : '',
          request.since ? `--since ${request.since}` : '',
          request.until ? `--until ${request.until}` : '',
          request.ids.join(' '),
        ]
          .filter((p) => p !== '')
          .join(' '),
      chooseSavePath: async () => this.savePath,
      save: async (
        id: string,
        path: string,
        timestamps: boolean,
        send: (m: LogsSaveMessage) => void,
      ) => {
        const save: FakeLogsSave = { id, path, timestamps, send, cancelled: false };
        this.saves.push(save);
        return {
          id: 400 + this.saves.length,
          cancel: async () => {
            save.cancelled = true;
          },
        };
      },
    };
  }
}
