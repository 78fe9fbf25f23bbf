// The fake of the `inside` area (stats, top, diff) for component tests: a test pushes stats
// samples into the streams a view opened, sets what top and diff answer, and reads what was
// asked.
import type {
  Client,
  ContainerChanges,
  ProcessTable,
  StatsSample,
  StatsStreamMessage,
} from '$lib/ipc/client';

export function makeSample(over: Partial<StatsSample> = {}): StatsSample {
  return {
    cpuPercent: 12.5,
    onlineCpus: 2,
    memoryBytes: 10_000_000,
    memoryLimitBytes: 100_000_000,
    memoryPercent: 10,
    pids: 3,
    pidsLimit: null,
    netRxBytes: 1000,
    netTxBytes: 500,
    blockReadBytes: 4096,
    blockWriteBytes: 0,
    netRxPerSecond: 100,
    netTxPerSecond: 50,
    blockReadPerSecond: 0,
    blockWritePerSecond: 0,
    readAtMs: 1_796_032_802_000,
    ...over,
  };
}

export interface FakeStatsStream {
  id: string;
  send: (m: StatsStreamMessage) => void;
  cancelled: boolean;
}

export class FakeInsideArea {
  streams: FakeStatsStream[] = [];
  /** What `top` answers, or throws (an Error or a TugboatError). */
  top: (id: string, psArgs: string | null) => ProcessTable = () => ({
    titles: ['PID', 'CMD'],
    processes: [],
  });
  topCalls: { id: string; psArgs: string | null }[] = [];
  changes: (id: string) => ContainerChanges = () => ({
    roots: [],
    added: 0,
    changed: 0,
    deleted: 0,
  });
  changesCalls: string[] = [];

  /** The streams still open for `id`. */
  open(id?: string): FakeStatsStream[] {
    return this.streams.filter((s) => !s.cancelled && (id === undefined || s.id === id));
  }
  /** Sends a sample to every open stream of `id`. */
  push(id: string, sample: StatsSample) {
    for (const s of this.open(id)) s.send({ type: 'data', data: sample });
  }

  area(): Client['inside'] {
    return {
      followStats: async (id, send) => {
        const stream: FakeStatsStream = { id, send, cancelled: false };
        this.streams.push(stream);
        return {
          id: this.streams.length,
          cancel: async () => {
            stream.cancelled = true;
          },
        };
      },
      top: async (id, psArgs) => {
        this.topCalls.push({ id, psArgs });
        return this.top(id, psArgs);
      },
      changes: async (id) => {
        this.changesCalls.push(id);
        return this.changes(id);
      },
      commands: async (name, psArgs) => ({
        stats: `docker stats ${name}`,
        top: `docker top ${name}${psArgs ? ` ${psArgs}` : ''}`,
        diff: `docker diff ${name}`,
        port: `docker port ${name}`,
      }),
      statsCommand: async (names) => `docker stats ${names.join(' ')}`,
    };
  }
}
