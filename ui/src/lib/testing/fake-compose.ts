// The Compose area's part of the fake backend (`compose` in the client): `load` answers with
// `answer` (or a function of the request) and records every request. Up, stacks and down add
// their fakes here.
import type { Client, ComposeLoad, ComposeRequest } from '$lib/ipc/client';

export function makeComposeLoad(over: Partial<ComposeLoad> = {}): ComposeLoad {
  return { model: null, diagnostics: [], config: null, files: [], variables: [], ...over };
}

export class FakeComposeArea {
  answer: ComposeLoad | ((request: ComposeRequest) => ComposeLoad) = makeComposeLoad();
  error: Error | null = null;
  loads: ComposeRequest[] = [];

  area(): Client['compose'] {
    return {
      load: async (request) => {
        this.loads.push(request);
        if (this.error) throw this.error;
        return typeof this.answer === 'function' ? this.answer(request) : this.answer;
      },
    };
  }
}
