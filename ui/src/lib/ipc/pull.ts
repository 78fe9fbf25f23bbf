// `docker pull` and `docker push`: the line each equals (with the form's field errors), and the
// transfer itself as a stream of per-layer progress, then what arrived or the pushed digest.
import {
  commands,
  type CommandPreview,
  type ImageProgress,
  type PullEnd,
  type PullForm,
  type PushEnd,
} from './bindings';
import { openStream, unwrap, type StreamHandle, type StreamMessage } from './core';

export type PullMessage = StreamMessage<ImageProgress, PullEnd>;
export type PushMessage = StreamMessage<ImageProgress, PushEnd>;

export const pull = {
  /** `docker pull [--platform …] REF`, or the fields' errors. */
  pullCommand: (form: PullForm): Promise<CommandPreview> => commands.imagePullCommand(form),
  /** Starts a pull; cancel the handle to stop it on the engine. */
  pull: (form: PullForm, on: (m: PullMessage) => void): Promise<StreamHandle> =>
    openStream((ch) => unwrap(commands.imagePull(form, ch)), on),
  /** `docker push REF`, or why that tag cannot be pushed. */
  pushCommand: (reference: string): Promise<CommandPreview> => commands.imagePushCommand(reference),
  push: (reference: string, on: (m: PushMessage) => void): Promise<StreamHandle> =>
    openStream((ch) => unwrap(commands.imagePush(reference, ch)), on),
};
