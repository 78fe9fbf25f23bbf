// Images as files (`docker save`, `docker load`, `docker import`, each a stream with progress
// and cancel) with the system's file dialogs, and `docker search` through the engine.
import {
  commands,
  type CommandPreview,
  type ExportOutcome,
  type ExportProgressMessage,
  type ImageFilePurpose,
  type ImportedImage,
  type ImportForm,
  type LoadedImage,
  type SearchHit,
  type SentMessage,
} from './bindings';
import { openStream, unwrap, type StreamHandle, type StreamMessage } from './core';

export type ImageSaveMessage = StreamMessage<ExportProgressMessage, ExportOutcome>;
export type ImageLoadMessage = StreamMessage<SentMessage, LoadedImage[]>;
export type ImageImportMessage = StreamMessage<SentMessage, ImportedImage>;

export const imageFiles = {
  /** The `docker save` line for `refs` into `destination`. */
  saveCommand: (refs: string[], destination: string): Promise<string> =>
    commands.imageSaveCommand(refs, destination),
  /** The save dialog, suggesting `<repo>_<tag>.tar` (or the name in `typed`). Only a path
   *  chosen here may be saved to. */
  chooseSavePath: (refs: string[], typed: string): Promise<string | null> =>
    unwrap(commands.imageSaveChoose(refs, typed)),
  /** Saves `refs` into one tar at `destination`: an estimate and bytes written as data, the
   *  file as the end. */
  save: (
    refs: string[],
    destination: string,
    replace: boolean,
    onMessage: (m: ImageSaveMessage) => void,
  ): Promise<StreamHandle> =>
    openStream(
      (channel) => unwrap(commands.imageSave(refs, destination, replace, channel)),
      onMessage,
    ),
  /** The open dialog for a file to load or import. Only a file chosen here may be read. */
  chooseFile: (purpose: ImageFilePurpose, typed: string): Promise<string | null> =>
    unwrap(commands.imageFileChoose(purpose, typed)),
  /** The `docker load` line for `file`. */
  loadCommand: (file: string): Promise<string> => commands.imageLoadCommand(file),
  /** Sends `file` to the engine: bytes sent as data, the images loaded as the end. */
  load: (file: string, onMessage: (m: ImageLoadMessage) => void): Promise<StreamHandle> =>
    openStream((channel) => unwrap(commands.imageLoad(file, channel)), onMessage),
  /** The `docker import` line for the form, or its field errors. */
  importPreview: (form: ImportForm, file: string): Promise<CommandPreview> =>
    commands.imageImportPreview(form, file),
  /** Sends the tarball `file` to the engine as a new image: bytes sent as data, the image as
   *  the end. */
  import: (
    form: ImportForm,
    file: string,
    onMessage: (m: ImageImportMessage) => void,
  ): Promise<StreamHandle> =>
    openStream((channel) => unwrap(commands.imageImport(form, file, channel)), onMessage),
  /** The `docker search` line. */
  searchCommand: (term: string, limit: number): Promise<string> =>
    commands.imageSearchCommand(term, limit),
  /** Searches Docker Hub through the engine; an engine without internet fails in words. */
  search: (term: string, limit: number): Promise<SearchHit[]> =>
    unwrap(commands.imageSearch(term, limit)),
};
