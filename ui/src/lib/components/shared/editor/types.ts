// What CodeEditor takes and gives, with no language or domain in it: the Dockerfile editor and
// the compose editor pass their own diagnostics, hover and completion through these shapes.
import type { CompletionSource } from '@codemirror/autocomplete';

export type EditorLanguage = 'dockerfile' | 'ignore' | 'yaml' | 'plain';

/** A replacement of `start..end` (UTF-16 offsets into the text) by `insert`. */
export interface EditorEdit {
  start: number;
  end: number;
  insert: string;
}

/** A problem to mark in the text, with the fixes offered beside it. */
export interface EditorDiagnostic {
  from: number;
  to: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Shown before the message, e.g. a rule id. */
  source?: string;
  fixes?: { title: string; edits: EditorEdit[] }[];
}

/** What a hover shows: plain text only (rendered with textContent, never as HTML). */
export interface HoverInfo {
  title: string;
  body: string;
  example?: string | null;
}

/** Asked with the position under the pointer, its line's text, its 1-based line number and
 *  the column in that line. */
export type HoverProvider = (
  pos: number,
  lineText: string,
  line: number,
  column: number,
) => HoverInfo | null | Promise<HoverInfo | null>;

export type CompletionProvider = CompletionSource;

/** The methods a CodeEditor instance offers its owner. */
export interface EditorHandle {
  goToLine(line: number): void;
  applyEdits(edits: EditorEdit[]): void;
  focus(): void;
}
