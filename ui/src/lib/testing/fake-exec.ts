// The terminal area of the fake backend (`exec` in the client): a test reads the sessions the
// UI opened, pushes screen bytes and ends to them the way the backend would, and reads back the
// keystrokes and resizes sent. Previews split the command on spaces (the real split is a
// shell's, in runspec).
import type {
  ExecForm,
  ExecPreview,
  ExecRequest,
  StreamHandle,
  TerminalMessage,
} from '$lib/ipc/client';

export interface FakeTerminal {
  id: number;
  container: string;
  mode: 'exec' | 'attach';
  request: ExecRequest | null;
  size: { cols: number; rows: number };
  send: (m: TerminalMessage) => void;
  cancelled: boolean;
}

export class FakeExecArea {
  sessions: FakeTerminal[] = [];
  inputs: { stream: number; data: string }[] = [];
  resizes: { stream: number; cols: number; rows: number }[] = [];
  /** Set to make the next open throw (a stopped container). */
  refuse: Error | null = null;
  #next = 0;

  preview(container: string, form: ExecForm): ExecPreview {
    const cmd = form.command.trim().split(/\s+/).filter(Boolean);
    if (cmd.length === 0) {
      return {
        request: null,
        command: '',
        errors: [{ field: 'command', message: 'give a command to run' }],
      };
    }
    const request: ExecRequest = {
      cmd,
      user: form.user || null,
      workingDir: form.workingDir || null,
      env: form.env.filter((r) => r.name).map((r) => `${r.name}=${r.value}`),
      cols: 80,
      rows: 24,
    };
    return { request, command: `docker exec -it ${container} ${cmd.join(' ')}`, errors: [] };
  }

  async #open(
    container: string,
    mode: 'exec' | 'attach',
    request: ExecRequest | null,
    size: { cols: number; rows: number },
    send: (m: TerminalMessage) => void,
  ): Promise<StreamHandle> {
    if (this.refuse) {
      const e = this.refuse;
      this.refuse = null;
      throw e;
    }
    const session: FakeTerminal = {
      id: ++this.#next,
      container,
      mode,
      request,
      size,
      send,
      cancelled: false,
    };
    this.sessions.push(session);
    return {
      id: session.id,
      cancel: async () => {
        session.cancelled = true;
      },
    };
  }

  api() {
    return {
      preview: async (container: string, form: ExecForm) => this.preview(container, form),
      attachCommand: async (container: string) => `docker attach ${container}`,
      open: (id: string, request: ExecRequest, send: (m: TerminalMessage) => void) =>
        this.#open(id, 'exec', request, { cols: request.cols, rows: request.rows }, send),
      attach: (id: string, cols: number, rows: number, send: (m: TerminalMessage) => void) =>
        this.#open(id, 'attach', null, { cols, rows }, send),
      input: async (stream: number, data: string) => {
        this.inputs.push({ stream, data });
        return null;
      },
      resize: async (stream: number, cols: number, rows: number) => {
        this.resizes.push({ stream, cols, rows });
        return null;
      },
    };
  }
}
