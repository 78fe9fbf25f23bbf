// Terminals inside a container: `docker exec -it` and `docker attach` as streams of screen
// bytes (base64 over the IPC; `components/terminal/screen.ts` decodes them), keystrokes
// and resizes sent to a session by its stream id, and the `docker …` line each equals.
import {
  commands,
  type ExecForm,
  type ExecPreview,
  type ExecRequest,
  type TerminalEnd,
  type TerminalOutput,
} from './bindings';
import { openStream, unwrap, type StreamHandle, type StreamMessage } from './core';

/** What a terminal's stream carries: screen bytes, then how the session ended. */
export type TerminalMessage = StreamMessage<TerminalOutput, TerminalEnd>;

export const exec = {
  /** The form checked, the request it becomes and the `docker exec -it …` line it equals. */
  preview: (container: string, form: ExecForm): Promise<ExecPreview> =>
    commands.execPreview(container, form),
  /** `docker attach NAME`. */
  attachCommand: (container: string): Promise<string> => commands.attachCommand(container),
  /** Runs `request.cmd` in container `id` on a TTY; refuses (throws) a stopped container. */
  open: (
    id: string,
    request: ExecRequest,
    onMessage: (m: TerminalMessage) => void,
  ): Promise<StreamHandle> =>
    openStream((channel) => unwrap(commands.containerExec(id, request, channel)), onMessage),
  /** Attaches to container `id`'s main process (started with `-it`). */
  attach: (
    id: string,
    cols: number,
    rows: number,
    onMessage: (m: TerminalMessage) => void,
  ): Promise<StreamHandle> =>
    openStream((channel) => unwrap(commands.containerAttach(id, cols, rows, channel)), onMessage),
  /** Keystrokes or a paste, as typed. */
  input: (stream: number, data: string): Promise<null> => unwrap(commands.execInput(stream, data)),
  resize: (stream: number, cols: number, rows: number): Promise<null> =>
    unwrap(commands.execResize(stream, cols, rows)),
};
