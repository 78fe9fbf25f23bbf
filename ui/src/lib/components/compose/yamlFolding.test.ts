// Compose files fold: the YAML language the editor uses knows the nesting, so a top-level key,
// a service and a service's nested key can each be folded away; a plain scalar line cannot.
import { describe, expect, it } from 'vitest';
import { EditorState } from '@codemirror/state';
import { ensureSyntaxTree, foldable } from '@codemirror/language';
import { languageExtension } from '$lib/components/shared/editor/languages';
import webDatabase from './templates/web-database.compose.yaml?raw';

function foldsAt(text: string, lineNumber: number): string | null {
  const state = EditorState.create({ doc: text, extensions: [languageExtension('yaml')] });
  ensureSyntaxTree(state, state.doc.length, 10_000);
  const line = state.doc.line(lineNumber);
  const range = foldable(state, line.from, line.to);
  return range ? state.sliceDoc(range.from, range.to) : null;
}

describe('YAML folding', () => {
  it('folds a key with nested content down to its last line, and not a scalar', () => {
    const text =
      'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n  db:\n    image: postgres\nvolumes:\n  data:\n';
    expect(foldsAt(text, 1)).toContain('image: postgres');
    expect(foldsAt(text, 1)).not.toContain('volumes');
    const web = foldsAt(text, 2);
    expect(web).toContain('"80:80"');
    expect(web).not.toContain('db:');
    expect(foldsAt(text, 4)).toContain('"80:80"');
    expect(foldsAt(text, 3)).toBeNull();
  });

  it('folds the services of a real template', () => {
    const lines = webDatabase.split('\n');
    const db = lines.findIndex((l) => l === '  db:') + 1;
    expect(foldsAt(webDatabase, db)).toContain('pg_isready');
  });
});
