// `docker build` from the Dockerfile editor: the line a build form equals (with its field
// errors), what the context would send after `.dockerignore` before anything is sent, and the
// build itself as a stream of BuildEvents (context upload, steps with their Dockerfile lines,
// log text, then `done` or `failed`), ending with what was built.
import {
  commands,
  type BuildEnd,
  type BuildEvent,
  type BuildSpec,
  type CommandPreview,
  type ContextSummary,
} from './bindings';
import { openStream, unwrap, type StreamHandle, type StreamMessage } from './core';

export type BuildMessage = StreamMessage<BuildEvent, BuildEnd>;

export const build = {
  /** `DOCKER_BUILDKIT=1 docker build …`, or the fields' errors; `stages` checks the target. */
  buildCommand: (spec: BuildSpec, stages: string[] | null): Promise<CommandPreview> =>
    commands.imageBuildCommand(spec, stages),
  /** Files and bytes the context would send, what `.dockerignore` leaves out, the largest. */
  contextSummary: (contextDir: string, dockerfile: string): Promise<ContextSummary> =>
    unwrap(commands.buildContextSummary(contextDir, dockerfile)),
  /** Starts a build; cancel the handle to stop it on the engine. */
  build: (spec: BuildSpec, on: (m: BuildMessage) => void): Promise<StreamHandle> =>
    openStream((ch) => unwrap(commands.imageBuild(spec, ch)), on),
};
