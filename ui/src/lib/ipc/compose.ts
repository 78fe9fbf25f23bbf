// The Compose area: loading a compose file (the resolved model, diagnostics, the resolved YAML)
// and the open dialog for compose, env and override files. Up, the stacks and down add their
// calls here.
import { invoke } from '@tauri-apps/api/core';
import { commands, type IpcError } from './bindings';
import { TugboatError, unwrap } from './core';
import type { ComposeLoad, ComposeRequest } from '$lib/components/compose/contracts';

export type { ComposeLoad, ComposeRequest };

export const compose = {
  /** The file dialog titled `title` (starting beside `from`); the folder of the file picked
   *  may then have its files read and saved. `null` if the dialog was closed. */
  chooseFile: (title: string, from: string): Promise<string | null> =>
    unwrap(commands.composeChooseFile(title, from)),
  /** Parses, interpolates, merges and checks the text: the model, the diagnostics (spans in
   *  the text being edited), the resolved YAML, the files read and the variables used. */
  load: async (request: ComposeRequest): Promise<ComposeLoad> => {
    // Called by name until the loader's command is in the generated bindings.
    try {
      return await invoke<ComposeLoad>('compose_load', { request });
    } catch (e) {
      throw new TugboatError(e as IpcError);
    }
  },
};
