// The Compose area's part of the fake backend (`compose` in the client): `load` answers with
// `answer` (or a function of the request) and records every request; the file dialog answers
// `fileChoice`. Files themselves live on the Dockerfiles fake's disk (`backend.dockerfiles`),
// which `file_read` and `file_save` share. Up, stacks and down add their fakes here.
import type { Client, ComposeCommandParts, ComposeLoad, ComposeRequest } from '$lib/ipc/client';

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
  /** Every command line asked for (answered by joining the words, unquoted). */
  commandLines: ComposeCommandParts[] = [];

  area(): Client['compose'] {
    return {
      chooseFile: async (title, from) => {
        this.fileDialogs.push({ title, from });
        return this.fileChoice;
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
