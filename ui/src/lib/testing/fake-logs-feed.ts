// A fake of the logs calls a logs view makes (`LogsFeed`), for store and component tests: the
// test sends batches, an end or an error on the open stream the way the backend would, answers
// older pages, and reads back what was asked. Frames are run by hand (`flush`), so a test sees
// exactly when the view paints.
import type {
  LogBatch,
  LogLine,
  LogSource,
  LogsMessage,
  LogsRequest,
  LogsSaveMessage,
} from '$lib/ipc/client';
import type { IpcErrorCode } from '$lib/ipc/client';
import { TugboatError } from '$lib/ipc/core';
import type { LogsFeed } from '$lib/stores/logs.svelte';

export function logLine(text: string, over: Partial<LogLine> = {}): LogLine {
  return { source: 0, stream: 'stdout', timestamp: '', text, cut: 0, ...over };
}

export interface FakeLogStream {
  request: LogsRequest;
  send: (m: LogsMessage) => void;
  cancelled: boolean;
}

export class FakeLogsFeed implements LogsFeed {
  streams: FakeLogStream[] = [];
  pages: { id: string; before: string; count: number }[] = [];
  /** What `page` answers (a test sets it). */
  older: LogLine[] = [];
  /** What `follow` refuses with, if set. */
  refuse: { code: IpcErrorCode; message: string } | null = null;
  saves: {
    id: string;
    path: string;
    timestamps: boolean;
    send: (m: LogsSaveMessage) => void;
    cancelled: boolean;
  }[] = [];
  savePath: string | null = null;
  /** The containers `sources` knows, by id. */
  known: LogSource[] = [];
  #frames: (() => void)[] = [];

  /** The frame scheduler to give the store. */
  frame = (paint: () => void) => {
    this.#frames.push(paint);
  };
  /** Runs the frames asked for so far; returns how many. */
  flush(): number {
    const run = this.#frames;
    this.#frames = [];
    for (const f of run) f();
    return run.length;
  }

  get last(): FakeLogStream {
    const s = this.streams[this.streams.length - 1];
    if (!s) throw new Error('fake-logs: no stream opened');
    return s;
  }

  batch(lines: LogLine[], skipped = 0) {
    const data: LogBatch = { lines, skipped };
    this.last.send({ type: 'data', data });
  }

  async follow(request: LogsRequest, send: (m: LogsMessage) => void) {
    if (this.refuse) throw new TugboatError(this.refuse);
    const stream = { request, send, cancelled: false };
    this.streams.push(stream);
    return {
      id: this.streams.length,
      cancel: async () => {
        stream.cancelled = true;
      },
    };
  }

  async page(id: string, before: string, count: number) {
    this.pages.push({ id, before, count });
    return this.older;
  }

  async command(request: LogsRequest) {
    const flags = [
      request.follow ? '-f' : null,
      request.tail === null ? null : `--tail ${request.tail}`,
      request.since ? `--since ${request.since}` : null,
      request.until ? `--until ${request.until}` : null,
    ].filter(Boolean);
    return ['docker logs', ...flags, request.ids[0]].join(' ');
  }

  async sources(ids: string[]) {
    return ids.map(
      (id) =>
        this.known.find((k) => k.id === id) ?? { id, name: id, tty: false, driver: 'json-file' },
    );
  }

  async chooseSavePath() {
    return this.savePath;
  }

  async save(id: string, path: string, timestamps: boolean, send: (m: LogsSaveMessage) => void) {
    const save = { id, path, timestamps, send, cancelled: false };
    this.saves.push(save);
    return {
      id: 100 + this.saves.length,
      cancel: async () => {
        save.cancelled = true;
      },
    };
  }
}
