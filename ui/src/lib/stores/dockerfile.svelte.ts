// The Dockerfiles area's session: the open build context (a folder), its Dockerfile (`-f`) and
// `.dockerignore` as documents with what is on disk, and what the area's parts computed from the
// text (parse tree, diagnostics, marked lines, the last build). After each edit the session runs
// the analysers of `components/dockerfiles/analysers.ts` once the typing pauses.
//
// Text here always has \n line breaks, so offsets from the analysers match the editor's; a file
// that had \r\n gets them back when saved.
import { dockerfiles, TugboatError } from '$lib/ipc/client';
import type {
  BuildRecord,
  Diagnostic,
  Dockerfile,
  TextEdit,
} from '$lib/components/dockerfiles/contracts';
import type { EditorHandle } from '$lib/components/shared/editor/types';

/** Something computed from the Dockerfile's text after edits (parse, lint). */
export interface Analyser {
  id: string;
  run: (session: DockerfileSession) => Promise<void> | void;
}

/** How long typing must pause before the analysers run. */
export const ANALYSIS_DELAY_MS = 150;

/** Joins a folder and a name relative to it with the folder's own separator. */
export function joinPath(folder: string, name: string): string {
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(sep) ? `${folder}${name}` : `${folder}${sep}${name}`;
}

/** The names in a folder listing that look like Dockerfiles (`Dockerfile`, `Dockerfile.dev`,
 *  `web.dockerfile`), `Dockerfile` first. */
export function dockerfileNames(names: string[]): string[] {
  return names
    .filter((n) => /dockerfile/i.test(n))
    .sort((a, b) => (a === 'Dockerfile' ? -1 : b === 'Dockerfile' ? 1 : a.localeCompare(b)));
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

export class DockerfileSession {
  /** The build context: the folder a build sends. */
  folder = $state<string | null>(null);
  /** The Dockerfile's path relative to `folder` (what `-f` names). */
  file = $state('Dockerfile');
  dockerfile = $state(new TextDocument());
  ignore = $state(new TextDocument());
  parsed = $state<Dockerfile | null>(null);
  diagnostics = $state<Diagnostic[]>([]);
  /** Lines to mark in the editor (1-based), e.g. a failing build step. */
  highlighted = $state<number[]>([]);
  lastBuild = $state<BuildRecord | null>(null);
  /** Failures of analysers, by id (shown, never thrown at the typist). */
  analysisErrors = $state<Record<string, string>>({});

  #analysers: Analyser[];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running = false;
  #again = false;
  #editor: EditorHandle | null = null;
  /** The editor showing `.dockerignore`, for jumps into it (a context panel's finding). */
  ignoreEditor: EditorHandle | null = null;

  constructor(analysers: Analyser[] = []) {
    this.#analysers = analysers;
  }

  /** The Dockerfile's text (\n line breaks). Setting it schedules the analysers. */
  get text(): string {
    return this.dockerfile.text;
  }
  set text(value: string) {
    if (value === this.dockerfile.text) return;
    this.dockerfile.text = value;
    this.scheduleAnalysis();
  }

  /** Whether either file has edits not on disk. */
  get dirty(): boolean {
    return this.dockerfile.dirty || this.ignore.dirty;
  }

  /** The Dockerfile's full path, or null before a folder is open. */
  get dockerfilePath(): string | null {
    return this.folder ? joinPath(this.folder, this.file) : null;
  }

  /** Opens `file` (relative) in `folder` and the folder's `.dockerignore`; a missing file opens
   *  empty and is created by the first save. Drops unsaved edits: ask first (`dirty`). */
  async open(folder: string, file: string): Promise<void> {
    const dockerfile = new TextDocument(joinPath(folder, file));
    const ignore = new TextDocument(joinPath(folder, '.dockerignore'));
    await Promise.all([dockerfile.load(), ignore.load()]);
    this.folder = folder;
    this.file = file;
    this.dockerfile = dockerfile;
    this.ignore = ignore;
    this.parsed = null;
    this.diagnostics = [];
    this.highlighted = [];
    this.lastBuild = null;
    this.analysisErrors = {};
    await this.analyse();
  }

  /** The editor showing the Dockerfile, so edits and jumps go through its undo history. */
  attachEditor(editor: EditorHandle | null, which: 'dockerfile' | 'ignore' = 'dockerfile'): void {
    if (which === 'dockerfile') this.#editor = editor;
    else this.ignoreEditor = editor;
  }

  /** Applies edits (a quick fix) to the Dockerfile: through the editor when one shows it, so
   *  undo takes them back. */
  applyEdits(edits: TextEdit[]): void {
    if (this.#editor) this.#editor.applyEdits(edits);
    else this.text = applyTextEdits(this.text, edits);
  }

  /** Asks the view to show the `.dockerignore` tab (counts the asks; the view follows it). */
  ignoreAsked = $state(0);

  /** Shows `.dockerignore`; when the folder has none and it is still empty, `starter` becomes
   *  its unsaved text (the first save creates the file). */
  showIgnore(starter: string | null): void {
    if (starter !== null && !this.ignore.exists && this.ignore.text === '')
      this.ignore.text = starter;
    this.ignoreAsked++;
  }

  /** Moves the Dockerfile editor's cursor to `line` (1-based). */
  goToLine(line: number): void {
    this.#editor?.goToLine(line);
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
            await a.run(this);
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
  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#editor = null;
    this.ignoreEditor = null;
    for (const f of this.#disposers.splice(0)) f();
  }

  #disposers: (() => void)[] = [];

  /** Runs `f` when the session is disposed: work that outlives a panel's tab (a build) but
   *  not the view. */
  onDispose(f: () => void): void {
    this.#disposers.push(f);
  }
}
