// A container's own files, running or stopped: browse, download (`docker cp NAME:PATH DEST`),
// upload (`docker cp SRC NAME:DEST`). Host paths come only from the system dialogs (`choose`);
// transfers are streams with byte progress, the same as a volume's.
import { commands, type CopyWay, type FileEntry, type FilePeek } from './bindings';
import { openStream, unwrap, type StreamHandle } from './core';
import type { TransferMessage } from './volume_files';

type OnTransfer = (m: TransferMessage) => void;

export const containerFiles = {
  /** The entries of folder `path` (absolute; `/` is the top), folders first. */
  list: (id: string, path: string): Promise<FileEntry[]> =>
    unwrap(commands.containerFilesList(id, path)),
  /** The first 64 KiB of a file, to look at. */
  peek: (id: string, path: string): Promise<FilePeek> =>
    unwrap(commands.containerFilePeek(id, path)),
  /** The `docker cp` line a copy equals, shown before it runs. */
  command: (name: string, path: string, host: string, way: CopyWay): Promise<string> =>
    commands.containerFilesCommand(name, path, host, way),
  /** The dialog for a copy; null when the user closed it. */
  choose: (name: string, way: CopyWay, folder = false): Promise<string | null> =>
    unwrap(commands.containerFilesChoose(name, way, folder)),
  download: (id: string, path: string, dest: string, on: OnTransfer): Promise<StreamHandle> =>
    openStream((ch) => unwrap(commands.containerCopyFrom(id, path, dest, ch)), on),
  upload: (id: string, sources: string[], dest: string, on: OnTransfer): Promise<StreamHandle> =>
    openStream((ch) => unwrap(commands.containerCopyTo(id, sources, dest, ch)), on),
};
