// The only module (with bindings.ts) that knows about Tauri. Components and stores call these
// typed functions; fallible commands throw a TugboatError whose `code` they can branch on.
import { Channel } from '@tauri-apps/api/core';
import {
  commands,
  events,
  type DiskUsage,
  type EndpointAttempt,
  type EngineInfo,
  type EngineStatus,
  type EventFeedMessage,
  type IpcError,
  type IpcErrorCode,
  type ResourcesChanged,
} from './bindings';

export type {
  DiskUsage,
  EndpointAttempt,
  EngineEvent,
  EngineInfo,
  EngineStatus,
  EventFeedMessage,
  IpcErrorCode,
  ResourceKind,
  ResourcesChanged,
  UsageRow,
} from './bindings';

export class TugboatError extends Error {
  readonly code: IpcErrorCode;
  readonly detail: string | null;
  constructor(err: IpcError) {
    super(err.message);
    this.name = 'TugboatError';
    this.code = err.code;
    this.detail = err.detail;
  }
}

type Result<T> = { status: 'ok'; data: T } | { status: 'error'; error: IpcError };

async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const r = await call;
  if (r.status === 'error') throw new TugboatError(r.error);
  return r.data;
}

export type Unlisten = () => void;

/** A per-view stream: call `cancel` when the view goes away. */
export interface StreamHandle {
  id: number;
  cancel: () => Promise<void>;
}

export const engine = {
  status: (): Promise<EngineStatus> => commands.engineStatus(),
  info: (): Promise<EngineInfo> => unwrap(commands.engineInfo()),
  diskUsage: (): Promise<DiskUsage> => unwrap(commands.engineDiskUsage()),
  endpoints: (): Promise<EndpointAttempt[]> => unwrap(commands.engineEndpoints()),
  retry: (): Promise<void> => commands.engineRetry(),
  useEndpoint: (host: string | null): Promise<null> => unwrap(commands.engineUseEndpoint(host)),
  /** Tells the backend the home screen has painted (it logs the start-up time). */
  firstPaint: (): Promise<void> => commands.appFirstPaint(),
  onStatus: (cb: (s: EngineStatus) => void): Promise<Unlisten> =>
    events.engineStatusChanged.listen((e) => cb(e.payload)),
  onResourcesChanged: (cb: (c: ResourcesChanged) => void): Promise<Unlisten> =>
    events.resourcesChangedEvent.listen((e) => cb(e.payload)),
};

export const engineEvents = {
  /** Opens the live event feed: a backlog first (`replay: true`), then live batches. */
  async follow(onMessage: (m: EventFeedMessage) => void): Promise<StreamHandle> {
    const channel = new Channel<EventFeedMessage>();
    channel.onmessage = onMessage;
    const id = await unwrap(commands.eventsFollow(channel));
    return { id, cancel: () => commands.streamCancel(id).then(() => undefined) };
  },
};
