// The Compose area of the fake backend (`compose` in the client): what the loader answers for
// a request (tests replace it), every request asked, and what the file dialog answers. Files
// themselves live in the Dockerfiles fake's disk (`backend.dockerfiles`), which `file_read` and
// `file_save` share. Others extend this with up, the stacks and down.
import type { Client } from '$lib/ipc/client';
import type { ComposeLoad, ComposeRequest } from '$lib/components/compose/contracts';

/** A load that found nothing wrong and resolved nothing: the default answer. */
export function emptyLoad(over: Partial<ComposeLoad> = {}): ComposeLoad {
  return { model: null, diagnostics: [], config: '', files: [], variables: [], ...over };
}

export class FakeComposeArea {
  /** What the loader answers (an Error is thrown). */
  loadAnswer: (request: ComposeRequest) => ComposeLoad | Error = () => emptyLoad();
  /** Every load asked for, in order. */
  loads: ComposeRequest[] = [];
  /** What the file dialog answers next (`null`: closed without choosing). */
  fileChoice: string | null = null;
  /** Every file dialog opened: its title and where it started. */
  fileDialogs: { title: string; from: string }[] = [];

  api(): Client['compose'] {
    return {
      chooseFile: async (title: string, from: string) => {
        this.fileDialogs.push({ title, from });
        return this.fileChoice;
      },
      load: async (request: ComposeRequest) => {
        this.loads.push(request);
        const answer = this.loadAnswer(request);
        if (answer instanceof Error) throw answer;
        return answer;
      },
    };
  }
}
