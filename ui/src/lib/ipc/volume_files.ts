// A volume's files: browse, download, upload, back up, restore. Host paths come only from the
// system dialogs (`choose`); transfers are streams with byte progress.
import {
  commands,
  type TransferOutcome,
  type FileEntry,
  type TransferProgress,
  type VolumeFileAction,
} from './bindings';
import { openStream, unwrap, type StreamHandle, type StreamMessage } from './core';

/** What a transfer's stream carries: bytes so far, then the outcome (with its docker line). */
export type TransferMessage = StreamMessage<TransferProgress, TransferOutcome>;
type OnTransfer = (m: TransferMessage) => void;
/** One entry of a volume folder: the entry type a container's files share. */
export type VolumeFile = FileEntry;

export const volumeFiles = {
  /** The entries of folder `path` (empty: the top), folders first. */
  list: (name: string, path: string): Promise<VolumeFile[]> =>
    unwrap(commands.volumeFilesList(name, path)),
  /** The `docker …` line an action equals, shown before it runs. */
  command: (name: string, path: string, host: string, action: VolumeFileAction): Promise<string> =>
    commands.volumeFilesCommands(name, path, host, action),
  /** The dialog for `action`; null when the user closed it. */
  choose: (name: string, action: VolumeFileAction, folder = false): Promise<string | null> =>
    unwrap(commands.volumeFilesChoose(name, action, folder)),
  download: (name: string, path: string, dest: string, on: OnTransfer): Promise<StreamHandle> =>
    openStream((ch) => unwrap(commands.volumeCopyFrom(name, path, dest, ch)), on),
  upload: (name: string, path: string, sources: string[], on: OnTransfer): Promise<StreamHandle> =>
    openStream((ch) => unwrap(commands.volumeCopyTo(name, path, sources, ch)), on),
  backup: (name: string, dest: string, replace: boolean, on: OnTransfer): Promise<StreamHandle> =>
    openStream((ch) => unwrap(commands.volumeBackup(name, dest, replace, ch)), on),
  restore: (name: string, src: string, overwrite: boolean, on: OnTransfer): Promise<StreamHandle> =>
    openStream((ch) => unwrap(commands.volumeRestore(name, src, overwrite, ch)), on),
};
