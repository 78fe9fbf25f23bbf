// What every area of the IPC client shares: the error a failed command throws, unwrapping a
// command's result into it, and the handle of a stream a view opened.
import { commands, type IpcError, type IpcErrorCode } from './bindings';

/** A command's refusal or failure; `code` is what callers branch on, never the message. */
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

/** The data of a fallible command, or its error thrown as a TugboatError. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
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

/** Ends the stream `id` on the backend (its request too). */
export const cancelStream = (id: number): Promise<void> =>
  commands.streamCancel(id).then(() => undefined);

/** The handle of stream `id`, as a view keeps it to cancel later. */
export const streamHandle = (id: number): StreamHandle => ({ id, cancel: () => cancelStream(id) });
