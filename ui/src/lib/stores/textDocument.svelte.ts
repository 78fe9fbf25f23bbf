// What every editor of text files shares (the Dockerfiles and Compose areas): a text file being
// edited with what is on disk (revision, conflict on save, line endings), applying edits to a
// string, and the analysers that run on a session's text once typing pauses (debounced, never
// overlapping, each one's failure kept apart).
//
// Text here always has \n line breaks, so offsets from the analysers match the editor's; a file
// that had \r\n gets them back when saved.
import { dockerfiles, TugboatError } from '$lib/ipc/client';
import type { TextEdit } from '$lib/ipc/client';

/** How long typing must pause before the analysers run. */
export const ANALYSIS_DELAY_MS = 150;

/** Something computed from a session's text after edits (parse, lint, load). */
export interface Analyser<S> {
  id: string;
  run: (session: S) => Promise<void> | void;
}

/** Joins a folder and a name relative to it with the folder's own separator. */
export function joinPath(folder: string, name: string): string {
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(sep) ? `${folder}${name}` : `${folder}${sep}${name}`;
}

/** The folder holding `path` (`/a/b/c.yaml` → `/a/b`), with the path's own separator. */
export function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (cut < 0) return '';
  return cut === 0 ? path.slice(0, 1) : path.slice(0, cut);
}

/** The last part of `path` (`/a/b/c.yaml` → `c.yaml`). */
export function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(cut + 1);
}

/** Applies `edits` (offsets into `text`) to a string, as the editor would. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) {
    const start = Math.max(0, Math.min(e.start, out.length));
    const end = Math.max(start, Math.min(e.end, out.length));
    out = out.slice(0, start) + e.insert + out.slice(end);
  }
  return out;
}

/** The one edit that turns `from` into `to`: the differing middle between their common start
 *  and common end (so undo takes back only what changed, and the cursor stays put). */
export function minimalEdit(from: string, to: string): TextEdit | null {
  if (from === to) return null;
  let start = 0;
  const shorter = Math.min(from.length, to.length);
  while (start < shorter && from.charCodeAt(start) === to.charCodeAt(start)) start++;
  let tail = 0;
  while (
    tail < shorter - start &&
    from.charCodeAt(from.length - 1 - tail) === to.charCodeAt(to.length - 1 - tail)
  )
    tail++;
  return { start, end: from.length - tail, insert: to.slice(start, to.length - tail) };
}

/** One text file being edited, with what it was on disk when last read or saved. */
export class TextDocument {
  /** The full path. */
  path = $state('');
  text = $state('');
  /** The text as on disk at the last read or save. */
  saved = $state('');
  /** The revision on disk at the last read or save; `null` while there is no file. */
  revision = $state<string | null>(null);
  /** The file's line breaks, restored when saving. */
  lineEnding: '\n' | '\r\n' = '\n';
  loading = $state(false);
  error = $state<string | null>(null);
  /** Set when a save was refused because the file changed (or appeared) on disk. */
  conflict = $state<string | null>(null);
  dirty = $derived(this.text !== this.saved);

  constructor(path = '') {
    this.path = path;
  }

  /** Whether the file exists on disk (as of the last read or save). */
  get exists(): boolean {
    return this.revision !== null;
  }

  #take(text: string, revision: string | null): void {
    this.lineEnding = text.includes('\r\n') ? '\r\n' : '\n';
    const plain = text.replace(/\r\n/g, '\n');
    this.text = plain;
    this.saved = plain;
    this.revision = revision;
    this.conflict = null;
  }

  /** Reads the file from disk, dropping unsaved edits. */
  async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      const f = await dockerfiles.readFile(this.path);
      this.#take(f.text, f.revision);
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      throw e;
    } finally {
      this.loading = false;
    }
  }

  /** Starts from `text` as a new, unsaved file (a template). */
  startNew(text: string, revision: string | null): void {
    this.#take('', revision);
    this.text = text;
  }

  /** Saves if the file on disk is still the one read; on a conflict sets `conflict` and
   *  returns false (nothing written). Other failures throw. */
  async save(): Promise<boolean> {
    const text = this.text;
    const onDisk = this.lineEnding === '\r\n' ? text.replace(/\n/g, '\r\n') : text;
    try {
      const r = await dockerfiles.saveFile(this.path, onDisk, this.revision);
      this.saved = text;
      this.revision = r.revision;
      this.conflict = null;
      return true;
    } catch (e) {
      if (e instanceof TugboatError && e.code === 'conflict') {
        this.conflict = e.message;
        return false;
      }
      throw e;
    }
  }

  /** Saves over whatever is on disk now (the user chose "Overwrite" on a conflict). */
  async overwrite(): Promise<boolean> {
    const now = await dockerfiles.readFile(this.path);
    this.revision = now.revision;
    return this.save();
  }
}

/** A session whose analysers run on its text after edits. `S` is the session's own class, so
 *  each analyser gets the session it was written for. */
export class AnalysedSession<S> {
  /** Failures of analysers, by id (shown, never thrown at the typist). */
  analysisErrors = $state<Record<string, string>>({});

  #analysers: Analyser<S>[];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running = false;
  #again = false;

  constructor(analysers: Analyser<S>[] = []) {
    this.#analysers = analysers;
  }

  /** Runs the analysers once typing has paused for ANALYSIS_DELAY_MS. */
  scheduleAnalysis(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.analyse();
    }, ANALYSIS_DELAY_MS);
  }

  /** Runs every analyser now. Runs never overlap: an edit during a run starts one more run
   *  after it, so what is shown always ends up computed from the latest text. */
  async analyse(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    try {
      do {
        this.#again = false;
        for (const a of this.#analysers) {
          try {
            await a.run(this as unknown as S);
            if (a.id in this.analysisErrors) {
              this.analysisErrors = Object.fromEntries(
                Object.entries(this.analysisErrors).filter(([id]) => id !== a.id),
              );
            }
          } catch (e) {
            this.analysisErrors = {
              ...this.analysisErrors,
              [a.id]: e instanceof Error ? e.message : String(e),
            };
          }
        }
      } while (this.#again);
    } finally {
      this.#running = false;
    }
  }

  /** Stops a pending analysis (the view went away). */
  stopAnalysis(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
