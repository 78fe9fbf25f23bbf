// What every area of the IPC client shares: the error a failed command throws, unwrapping a
// command's result into it, and the streams a view opens (one shape for all: `./stream`).
import type { IpcError, IpcErrorCode } from './bindings';
import { pendingCalls } from './pending.svelte';

export { cancelStream, openStream, type StreamHandle, type StreamMessage } from './stream';

/** A command's refusal or failure; `code` is what callers branch on, never the message. */
export class TugboatError extends Error {
  readonly code: IpcErrorCode;
  constructor(err: IpcError) {
    super(err.message);
    this.name = 'TugboatError';
    this.code = err.code;
  }
}

type Result<T> = { status: 'ok'; data: T } | { status: 'error'; error: IpcError };

/** The data of a fallible command, or its error thrown as a TugboatError. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const r = await pendingCalls.track(call);
  if (r.status === 'error') throw new TugboatError(r.error);
  return r.data;
}

export type Unlisten = () => void;
