// The container files area of the fake backend (`containerFiles` in the client): a test sets
// the folders and what the dialogs answer, and reads back the transfers started (and answers
// them through their `send`). A folder not set is "not in the container".
import type { CopyWay, FileEntry, FilePeek, TransferMessage } from '$lib/ipc/client';

type Listener<T> = (m: T) => void;

/** One copy a component started, as the backend sees it. */
export interface FakeCopy {
  way: CopyWay;
  id: string;
  /** The container path: what is downloaded, or the folder uploaded into. */
  path: string;
  /** The chosen host paths: the destination folder, or the sources. */
  host: string[];
  send: Listener<TransferMessage>;
  cancelled: boolean;
}

export function makeEntry(path: string, over: Partial<FileEntry> = {}): FileEntry {
  return {
    name: path.split('/').pop() ?? path,
    path,
    kind: 'file',
    size: 5,
    mode: 0o644,
    modifiedMs: 0,
    linkTarget: null,
    ...over,
  };
}

export class FakeContainerFilesArea {
  /** Folders by `id:path`. */
  folders: Record<string, FileEntry[]> = {};
  listed: string[] = [];
  /** What the dialogs answer: a download folder, an upload file, an upload folder. */
  choices: { download?: string | null; uploadFile?: string | null; uploadFolder?: string | null } =
    {};
  copies: FakeCopy[] = [];
  /** What `peek` answers, by path (missing: not a file). */
  peeks: Record<string, FilePeek> = {};

  api() {
    const copy = (
      way: CopyWay,
      id: string,
      path: string,
      host: string[],
      send: Listener<TransferMessage>,
    ) => {
      const c: FakeCopy = { way, id, path, host, send, cancelled: false };
      this.copies.push(c);
      return Promise.resolve({
        id: 300 + this.copies.length,
        cancel: async () => {
          c.cancelled = true;
        },
      });
    };
    return {
      list: async (id: string, path: string) => {
        this.listed.push(path);
        const held = this.folders[`${id}:${path}`];
        if (!held) throw new Error(`path: ${path} is not in ${id}`);
        return held;
      },
      peek: async (_id: string, path: string) => {
        const p = this.peeks[path];
        if (!p) throw new Error(`path: ${path} is not a file`);
        return p;
      },
      command: async (name: string, path: string, host: string, way: CopyWay) =>
        way === 'download'
          ? `docker cp ${name}:${path} ${host}`
          : `docker cp ${host} ${name}:${path}`,
      choose: async (_name: string, way: CopyWay, folder = false) =>
        (way === 'download'
          ? this.choices.download
          : folder
            ? this.choices.uploadFolder
            : this.choices.uploadFile) ?? null,
      download: (id: string, path: string, dest: string, send: Listener<TransferMessage>) =>
        copy('download', id, path, [dest], send),
      upload: (id: string, sources: string[], dest: string, send: Listener<TransferMessage>) =>
        copy('upload', id, dest, sources, send),
    };
  }
}
