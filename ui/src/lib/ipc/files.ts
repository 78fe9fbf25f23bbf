// The system's own file dialogs, opened by the app itself: the window never names a file for
// the app to write or read. Each resolves to the chosen path, or null when the user closes the
// dialog without choosing.
import { commands } from './bindings';
import { unwrap } from './core';

export const files = {
  /** The save dialog for exporting container `name`, opened on `typed` (a path the user typed,
   *  to confirm it there). Only a path chosen here may be exported to. */
  chooseExportPath: (name: string, typed: string): Promise<string | null> =>
    unwrap(commands.containerExportChoose(name, typed)),
  /** A host folder for a bind mount, starting from `from` (or the home folder). */
  chooseFolder: (title: string, from?: string): Promise<string | null> =>
    unwrap(commands.containerChooseFolder(title, from ?? '')),
};
