// The Dockerfiles area of the fake backend (`dockerfiles` in the client): a file system of
// text files in memory with revisions, so tests can change a file "on disk" behind the editor
// and see the conflict, and set what the folder dialog answers.
import { TugboatError } from '$lib/ipc/core';
import type { Client } from '$lib/ipc/client';

export class FakeDockerfilesArea {
  /** Path → text: the fake disk. */
  files = new Map<string, string>();
  /** What the folder dialog answers next (`null`: closed without choosing). */
  folderChoice: string | null = null;
  /** Every save asked for, in order. */
  saves: { path: string; text: string; expected: string | null }[] = [];
  /** Makes the next save fail with this error. */
  failNextSave: TugboatError | null = null;
  #revisions = new Map<string, number>();
  #counter = 0;

  /** Puts `text` at `path` as someone else would: the revision moves on. */
  put(path: string, text: string): void {
    this.files.set(path, text);
    this.#revisions.set(path, ++this.#counter);
  }

  revision(path: string): string | null {
    const r = this.#revisions.get(path);
    return r === undefined ? null : `rev-${r}`;
  }

  api(): Client['dockerfiles'] {
    return {
      chooseFolder: async () => this.folderChoice,
      folderFiles: async (folder: string) =>
        [...this.files.keys()]
          .filter((p) => p.startsWith(`${folder}/`) && !p.slice(folder.length + 1).includes('/'))
          .map((p) => p.slice(folder.length + 1))
          .sort(),
      readFile: async (path: string) => ({
        text: this.files.get(path) ?? '',
        revision: this.revision(path),
      }),
      saveFile: async (path: string, text: string, expected: string | null) => {
        this.saves.push({ path, text, expected });
        if (this.failNextSave) {
          const e = this.failNextSave;
          this.failNextSave = null;
          throw e;
        }
        const current = this.revision(path);
        if (current !== expected) {
          throw new TugboatError({
            code: 'conflict',
            message: `file: ${path} changed on disk since it was opened`,
          });
        }
        this.put(path, text);
        return { revision: this.revision(path) ?? '' };
      },
    };
  }
}
