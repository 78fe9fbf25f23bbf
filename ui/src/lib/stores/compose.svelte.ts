// The Compose area's session: the compose file being edited (and the `.env` and override
// files used with it, as `docker compose` finds them), the options of the command line (`-p`,
// `--profile`, `--env-file`, more `-f`), and what the analysers computed from the text (the
// resolved model and its diagnostics). After each edit the analysers of
// `components/compose/composeAnalysers.ts` run once typing pauses.
import { dockerfiles } from '$lib/ipc/client';
import type { ComposeLoad, ComposeRequest, TextEdit } from '$lib/components/compose/contracts';
import type { EditorHandle } from '$lib/components/shared/editor/types';
import { navigation } from '$lib/navigation.svelte';
import {
  AnalysedSession,
  TextDocument,
  applyTextEdits,
  baseName,
  folderOf,
  joinPath,
  minimalEdit,
  type Analyser,
} from './textDocument.svelte';

export type ComposeAnalyser = Analyser<ComposeSession>;

/** The names `docker compose` looks for in a folder, in its order. */
export const COMPOSE_FILE_NAMES = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yml',
  'docker-compose.yaml',
];

/** The override files `docker compose` merges after a compose file it found by one of the
 *  names above; it takes the first that exists. */
export const OVERRIDE_FILE_NAMES = [
  'compose.override.yml',
  'compose.override.yaml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
];

/** The env file read by default: `.env` in the project folder. */
export const DEFAULT_ENV_FILE = '.env';

/** Asks the app to show the Compose section with `path` open in the editor (from the stacks
 *  list, say). Unsaved edits there are asked about first. */
export function openInComposeEditor(path: string): void {
  navigation.open('compose', path);
}

export class ComposeSession extends AnalysedSession<ComposeSession> {
  /** The compose file (`-f`). Empty path: nothing open yet. */
  document = $state(new TextDocument());
  /** The env file in use: `.env` beside the compose file when there is one, or the one chosen
   *  with `--env-file`; null when none is used. */
  envFile = $state<TextDocument | null>(null);
  /** Whether `envFile` was chosen (`--env-file`) rather than found (`.env`). */
  envFileChosen = $state(false);
  /** More compose files merged after the main one (absolute paths), in order. */
  overrides = $state<string[]>([]);
  /** Profiles to enable (`--profile`). */
  profiles = $state<string[]>([]);
  /** `-p`; null lets the file's `name:` or the folder name decide. */
  projectName = $state<string | null>(null);
  /** What the loader made of the text last time (model, diagnostics, resolved YAML). */
  loaded = $state<ComposeLoad | null>(null);
  /** Lines to mark in the editor (1-based), e.g. a service whose step failed. */
  highlighted = $state<number[]>([]);

  #editor: EditorHandle | null = null;

  /** The compose file's text (\n line breaks). Setting it schedules the analysers. */
  get text(): string {
    return this.document.text;
  }
  set text(value: string) {
    if (value === this.document.text) return;
    this.document.text = value;
    this.scheduleAnalysis();
  }

  /** Whether a file is open (or a new one started). */
  get isOpen(): boolean {
    return this.document.path !== '';
  }

  /** The compose file's full path ('' before one is open). */
  get path(): string {
    return this.document.path;
  }

  /** The folder the project lives in: the compose file's. */
  get folder(): string | null {
    return this.isOpen ? folderOf(this.document.path) : null;
  }

  /** The files edited here: the compose file and the env file. */
  get documents(): TextDocument[] {
    return this.envFile ? [this.document, this.envFile] : [this.document];
  }

  /** Whether any file edited here has edits not on disk. */
  get dirty(): boolean {
    return this.documents.some((d) => d.dirty);
  }

  /** The names of the files with unsaved edits. */
  get unsavedFiles(): string[] {
    return this.documents.filter((d) => d.dirty).map((d) => baseName(d.path));
  }

  /** What `compose_load` (and up) are asked: the text in the editor and the options. */
  request(): ComposeRequest {
    return {
      text: this.document.text,
      path: this.isOpen ? this.document.path : null,
      projectDir: null,
      envFiles: this.envFileChosen && this.envFile ? [this.envFile.path] : [],
      overrides: [...this.overrides],
      profiles: [...this.profiles],
      projectName: this.projectName,
    };
  }

  /** Opens the compose file at `path` with what `docker compose` would use beside it: `.env`
   *  and, for a file with one of the usual names, the first override file found. Drops
   *  unsaved edits and the options chosen: ask first (`dirty`). */
  async open(path: string): Promise<void> {
    const document = new TextDocument(path);
    await document.load();
    const folder = folderOf(path);
    const env = new TextDocument(joinPath(folder, DEFAULT_ENV_FILE));
    await env.load();
    let overrides: string[] = [];
    if (COMPOSE_FILE_NAMES.includes(baseName(path))) {
      for (const name of OVERRIDE_FILE_NAMES) {
        const candidate = joinPath(folder, name);
        if ((await dockerfiles.readFile(candidate)).revision !== null) {
          overrides = [candidate];
          break;
        }
      }
    }
    this.#reset(document);
    this.envFile = env.exists ? env : null;
    this.overrides = overrides;
    await this.analyse();
  }

  /** Starts a new, unsaved compose file at `path` (created by the first save) with `text`. */
  startNew(path: string, text: string, revision: string | null = null): void {
    const document = new TextDocument(path);
    document.startNew(text, revision);
    this.#reset(document);
    this.scheduleAnalysis();
  }

  #reset(document: TextDocument): void {
    this.document = document;
    this.envFile = null;
    this.envFileChosen = false;
    this.overrides = [];
    this.profiles = [];
    this.projectName = null;
    this.loaded = null;
    this.highlighted = [];
    this.analysisErrors = {};
  }

  /** Uses the env file at `path` (`--env-file`) instead of the `.env` found. */
  async useEnvFile(path: string): Promise<void> {
    const env = new TextDocument(path);
    await env.load();
    this.envFile = env;
    this.envFileChosen = true;
    this.scheduleAnalysis();
  }

  /** Goes back to what compose reads by default (`.env` in the project folder, if any). */
  async useDefaultEnvFile(): Promise<void> {
    const folder = this.folder;
    this.envFileChosen = false;
    this.envFile = null;
    if (folder) {
      const env = new TextDocument(joinPath(folder, DEFAULT_ENV_FILE));
      await env.load();
      this.envFile = env.exists ? env : null;
    }
    this.scheduleAnalysis();
  }

  /** Sets the override files (more `-f`), in order. */
  setOverrides(paths: string[]): void {
    this.overrides = paths;
    this.scheduleAnalysis();
  }

  /** Sets the profiles to enable. */
  setProfiles(profiles: string[]): void {
    this.profiles = profiles.map((p) => p.trim()).filter((p) => p !== '');
    this.scheduleAnalysis();
  }

  /** Sets `-p` (blank: let the file or folder decide). */
  setProjectName(name: string | null): void {
    const trimmed = name?.trim() ?? '';
    this.projectName = trimmed === '' ? null : trimmed;
    this.scheduleAnalysis();
  }

  /** The editor showing the compose file, so edits and jumps go through its undo history. */
  attachEditor(editor: EditorHandle | null): void {
    this.#editor = editor;
  }

  /** Applies edits (a quick fix, a form change) to the compose file: through the editor when
   *  one shows it, so undo takes them back. */
  applyEdits(edits: TextEdit[]): void {
    if (edits.length === 0) return;
    if (this.#editor) this.#editor.applyEdits(edits);
    else this.text = applyTextEdits(this.text, edits);
  }

  /** Replaces the whole text with `text` as one minimal edit (only the part that differs), so
   *  undo works and the cursor stays where it was when the change is elsewhere. */
  replaceText(text: string): void {
    const edit = minimalEdit(this.text, text);
    if (edit) this.applyEdits([edit]);
  }

  /** Moves the editor's cursor to `line` (1-based). */
  goToLine(line: number): void {
    this.#editor?.goToLine(line);
  }

  /** Drops edits not on disk (the guard's "Discard"). */
  discard(): void {
    for (const d of this.documents) d.text = d.saved;
    this.scheduleAnalysis();
  }

  /** Stops a pending analysis and work that outlives a panel (the view went away). */
  dispose(): void {
    this.stopAnalysis();
    this.#editor = null;
    for (const f of this.#disposers.splice(0)) f();
  }

  #disposers: (() => void)[] = [];

  /** Runs `f` when the session is disposed: work that outlives a panel's tab (an Up) but
   *  not the view. */
  onDispose(f: () => void): void {
    this.#disposers.push(f);
  }
}
