// The Compose area's part of the fake backend (`compose` in the client): `load` answers with
// `answer` (or a function of the request) and records every request; the file dialog answers
// `fileChoice`. Files themselves live on the Dockerfiles fake's disk (`backend.dockerfiles`),
// which `file_read` and `file_save` share. Up, stacks and down add their fakes here.
import type {
  Client,
  ComposeCommandParts,
  ComposeLoad,
  ComposeRequest,
  UpMessage,
  UpRequest,
} from '$lib/ipc/client';

export function makeComposeLoad(over: Partial<ComposeLoad> = {}): ComposeLoad {
  return { model: null, diagnostics: [], config: null, files: [], variables: [], ...over };
}

export class FakeComposeArea {
  answer: ComposeLoad | ((request: ComposeRequest) => ComposeLoad) = makeComposeLoad();
  error: Error | null = null;
  loads: ComposeRequest[] = [];
  /** What the file dialog answers next (`null`: closed without choosing). */
  fileChoice: string | null = null;
  /** Every file dialog opened: its title and where it started. */
  fileDialogs: { title: string; from: string }[] = [];
  /** Up: every request, the line `upCommand` answers, the running stream's sink. */
  ups: UpRequest[] = [];
  upCommands: UpRequest[] = [];
  upLine: string | ((request: UpRequest) => string) = 'docker compose -p shop up -d';
  upError: Error | null = null;
  upSink: ((m: UpMessage) => void) | null = null;
  upCancelled = 0;

  /** Sends an up event (or the stream's end) as the engine would. */
  emitUp(m: UpMessage): void {
    this.upSink?.(m);
  }
  /** Every command line asked for (answered by joining the words, unquoted). */
  commandLines: ComposeCommandParts[] = [];

  area(): Client['compose'] {
    return {
      chooseFile: async (title, from) => {
        this.fileDialogs.push({ title, from });
        return this.fileChoice;
      },
      upCommand: async (request) => {
        this.upCommands.push(request);
        return typeof this.upLine === 'function' ? this.upLine(request) : this.upLine;
      },
      up: async (request, on) => {
        this.ups.push(request);
        if (this.upError) throw this.upError;
        this.upSink = on;
        return {
          id: this.ups.length,
          cancel: async () => {
            this.upCancelled += 1;
          },
        };
      },
      commandLine: async (parts) => {
        this.commandLines.push(parts);
        const words = [
          'docker compose -p',
          parts.project,
          ...parts.files.map((f) => `-f ${f}`),
          ...parts.envFiles.map((f) => `--env-file ${f}`),
          ...parts.profiles.map((p) => `--profile ${p}`),
          ...parts.args,
        ];
        return words.join(' ');
      },
      load: async (request) => {
        this.loads.push(request);
        if (this.error) throw this.error;
        return typeof this.answer === 'function' ? this.answer(request) : this.answer;
      },
    };
  }
}
