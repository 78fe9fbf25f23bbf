// The state every image-file dialog shares while its stream runs (save, load, import): busy,
// the newest progress, how it ended (the outcome, or the error and its code) and cancel, which
// also works when pressed before the stream's id came back.
import {
  TugboatError,
  type IpcErrorCode,
  type StreamHandle,
  type StreamMessage,
} from '$lib/ipc/client';
import { errorMessage } from '$lib/format';

export class FileStream<D, E> {
  busy = $state(false);
  /** The newest data message. */
  progress = $state<D | null>(null);
  done = $state<E | null>(null);
  error = $state<string | null>(null);
  code = $state<IpcErrorCode | null>(null);
  #stream: Promise<StreamHandle> | null = null;
  #cancelled: string;

  /** `cancelled`: what to say when the user cancelled (what was, or was not, done). */
  constructor(cancelled: string) {
    this.#cancelled = cancelled;
  }

  /** `onData` sees every data message (the `progress` field only the newest). */
  start(
    open: (onMessage: (m: StreamMessage<D, E>) => void) => Promise<StreamHandle>,
    onData?: (d: D) => void,
  ) {
    this.busy = true;
    this.progress = null;
    this.done = null;
    this.error = null;
    this.code = null;
    const opening = open((m) => {
      if (m.type === 'data') {
        this.progress = m.data;
        onData?.(m.data);
      } else if (m.type === 'end') {
        this.done = m.end;
        this.#ended();
      } else {
        this.#failed(m.error);
        this.#ended();
      }
    });
    this.#stream = opening;
    opening.catch((e) => {
      if (e instanceof TugboatError) this.#failed(e);
      else this.error = errorMessage(e);
      this.#ended();
    });
  }

  cancel() {
    this.#stream?.then(
      (s) => s.cancel().catch((e) => (this.error = errorMessage(e))),
      // It never opened: its refusal is shown already.
      () => undefined,
    );
  }

  #failed(e: { code: IpcErrorCode; message: string }) {
    this.code = e.code;
    this.error = e.code === 'cancelled' ? this.#cancelled : e.message;
  }

  #ended() {
    this.busy = false;
    this.#stream = null;
  }
}
