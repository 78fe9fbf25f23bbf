// What the form needs of the compose session (stores/compose.svelte.ts's ComposeSession has all
// of it): the text, the last load's diagnostics and resolved model, and edits that go through
// the editor so undo takes them back.
import type { Diagnostic, TextEdit } from '$lib/ipc/client';

/** A service of the resolved model, as far as the form shows resolved values. */
export type ResolvedService = {
  name: string;
  image: string | null;
  environment: [string, string | null][];
};

export interface FormSession {
  readonly text: string;
  readonly loaded: {
    diagnostics: Diagnostic[];
    model: { services: ResolvedService[] } | null;
  } | null;
  applyEdits(edits: TextEdit[]): void;
  goToLine(line: number): void;
}
