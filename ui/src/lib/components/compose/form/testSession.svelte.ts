// A compose session for the form's component tests: the text, a settable load, and edits applied
// as the editor would apply them.
import type { TextEdit } from '$lib/ipc/client';
import { applyTextEdits } from '$lib/stores/textDocument.svelte';
import type { FormSession } from './formSession';

export class TestSession implements FormSession {
  text = $state('');
  loaded = $state<FormSession['loaded']>(null);
  edits: TextEdit[] = [];
  lines: number[] = [];

  constructor(text: string) {
    this.text = text;
  }

  applyEdits(edits: TextEdit[]): void {
    this.edits.push(...edits);
    this.text = applyTextEdits(this.text, edits);
  }

  goToLine(line: number): void {
    this.lines.push(line);
  }
}
