// The Dockerfiles area: the folder dialog for a build context, the files in it, and reading
// and saving text files there with a revision, so a file changed on disk by someone else is
// refused (code `conflict`) instead of overwritten. Parse, lint and build add their calls here.
import { commands, type FileSaved, type FileText } from './bindings';
import { unwrap } from './core';

export type { FileSaved, FileText };

export const dockerfiles = {
  /** The folder dialog titled `title`; the folder picked may then have its files read and
   *  saved. `null` if the dialog was closed. */
  chooseFolder: (title: string, from: string): Promise<string | null> =>
    unwrap(commands.dockerfileChooseFolder(title, from)),
  /** The names of the files directly in `folder` (one picked with `chooseFolder`), sorted. */
  folderFiles: (folder: string): Promise<string[]> =>
    unwrap(commands.dockerfileFolderFiles(folder)),
  /** The text at `path` and its revision; a missing file reads as '' with revision `null`. */
  readFile: (path: string): Promise<FileText> => unwrap(commands.fileRead(path)),
  /** Saves atomically if the file is still at `expectedRevision` (`null`: a new file). Throws
   *  a TugboatError with code `conflict` when it changed on disk. */
  saveFile: (path: string, text: string, expectedRevision: string | null): Promise<FileSaved> =>
    unwrap(commands.fileSave(path, text, expectedRevision)),
};
