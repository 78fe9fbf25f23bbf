// PLACEHOLDER until h1's logs backend lands (h2 drops this file for h1's on merge): the logs
// commands typed per the agreed contract, called by name.
import { Channel, invoke } from '@tauri-apps/api/core';
import { TugboatError, type StreamHandle, type StreamMessage } from './core';
import { cancelStream } from './stream';
import type { IpcError } from './bindings';

export type LogStream = 'stdout' | 'stderr' | 'tty';
export interface LogLine {
  source: number;
  stream: LogStream;
  timestamp: string;
  text: string;
  cut: number;
}
export interface LogBatch {
  lines: LogLine[];
  skipped: number;
}
export interface LogsRequest {
  ids: string[];
  tail: number | null;
  since: string | null;
  until: string | null;
  follow: boolean;
}
export interface LogsEnd {
  lines: number;
}
export interface LogSource {
  id: string;
  name: string;
  tty: boolean;
  driver: string;
}
export interface SaveProgress {
  bytes: number;
}
export interface SaveEnd {
  bytes: number;
  lines: number;
  command: string;
}
export type LogsMessage = StreamMessage<LogBatch, LogsEnd>;
export type LogSaveMessage = StreamMessage<SaveProgress, SaveEnd>;

async function call<T>(cmd: string, args: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw new TugboatError(e as IpcError);
  }
}

async function stream<T, E>(
  cmd: string,
  args: Record<string, unknown>,
  on: (m: StreamMessage<T, E>) => void,
): Promise<StreamHandle> {
  const onMessage = new Channel<StreamMessage<T, E>>();
  onMessage.onmessage = on;
  const id = await call<number>(cmd, { ...args, onMessage });
  return { id, cancel: () => cancelStream(id) };
}

export const logs = {
  follow: (request: LogsRequest, on: (m: LogsMessage) => void): Promise<StreamHandle> =>
    stream('logs_follow', { request }, on),
  sources: (ids: string[]): Promise<LogSource[]> => call('logs_sources', { ids }),
  page: (id: string, before: string, count: number): Promise<LogLine[]> =>
    call('logs_page', { id, before, count }),
  command: (request: LogsRequest): Promise<string> => call('logs_command', { request }),
  saveChoose: (id: string): Promise<string | null> => call('logs_save_choose', { id }),
  save: (
    id: string,
    path: string,
    timestamps: boolean,
    on: (m: LogSaveMessage) => void,
  ): Promise<StreamHandle> => stream('logs_save', { id, path, timestamps }, on),
};
