// The Dockerfiles area's session: the open build context (a folder), its Dockerfile (`-f`) and
// `.dockerignore` as documents with what is on disk, and what the area's parts computed from the
// text (parse tree, diagnostics, marked lines, the last build). After each edit the session runs
// the analysers of `components/dockerfiles/analysers.ts` once the typing pauses.
//
// Text here always has \n line breaks, so offsets from the analysers match the editor's; a file
// that had \r\n gets them back when saved.
import type {
  BuildRecord,
  Diagnostic,
  Dockerfile,
  TextEdit,
} from '$lib/components/dockerfiles/contracts';
import type { EditorHandle } from '$lib/components/shared/editor/types';
import {
  AnalysedSession,
  TextDocument,
  applyTextEdits,
  joinPath,
  type Analyser as SessionAnalyser,
} from './textDocument.svelte';

// The text document, edits and analysis live in `textDocument.svelte.ts` (shared with the
// Compose area); re-exported so the Dockerfiles area keeps importing them from here.
export { ANALYSIS_DELAY_MS, TextDocument, applyTextEdits, joinPath } from './textDocument.svelte';

/** Something computed from the Dockerfile's text after edits (parse, lint). */
export type Analyser = SessionAnalyser<DockerfileSession>;

/** The names in a folder listing that look like Dockerfiles (`Dockerfile`, `Dockerfile.dev`,
 *  `web.dockerfile`), `Dockerfile` first. */
export function dockerfileNames(names: string[]): string[] {
  return names
    .filter((n) => /dockerfile/i.test(n))
    .sort((a, b) => (a === 'Dockerfile' ? -1 : b === 'Dockerfile' ? 1 : a.localeCompare(b)));
}

export class DockerfileSession extends AnalysedSession<DockerfileSession> {
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

  #editor: EditorHandle | null = null;
  /** The editor showing `.dockerignore`, for jumps into it (a context panel's finding). */
  ignoreEditor: EditorHandle | null = null;

  constructor(analysers: Analyser[] = []) {
    super(analysers);
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

  /** The files edited here: the Dockerfile and `.dockerignore`. */
  get documents(): TextDocument[] {
    return [this.dockerfile, this.ignore];
  }

  /** Drops edits not on disk (the unsaved-change guard's "Discard"). */
  discard(): void {
    for (const d of this.documents) d.text = d.saved;
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

  /** Stops a pending analysis (the view went away). */
  dispose(): void {
    this.stopAnalysis();
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
