// Highlighting per language: CodeMirror's legacy Dockerfile mode, the YAML language package (a
// real parser: it gives folding of nested keys, which the legacy YAML mode cannot), and a small
// mode of our own for ignore files (no library has one: comments, `!` re-includes and patterns are all
// there is to colour).
import { HighlightStyle, StreamLanguage, type LanguageSupport } from '@codemirror/language';
import { dockerFile } from '@codemirror/legacy-modes/mode/dockerfile';
import { yaml } from '@codemirror/lang-yaml';
import { tags } from '@lezer/highlight';
import type { Extension } from '@codemirror/state';
import type { EditorLanguage } from './types';

const ignoreFile = StreamLanguage.define<{ lineStart: boolean }>({
  name: 'ignore',
  startState: () => ({ lineStart: true }),
  token(stream) {
    if (stream.sol() && stream.match(/^\s*#.*/)) return 'comment';
    if (stream.sol() && stream.eat('!')) return 'operator';
    if (stream.match(/^\*\*|^[*?]/)) return 'keyword';
    stream.next();
    return null;
  },
});

/** The highlighting extension for `language` (none for plain text). */
export function languageExtension(language: EditorLanguage): Extension | LanguageSupport {
  switch (language) {
    case 'dockerfile':
      return StreamLanguage.define(dockerFile);
    case 'yaml':
      return yaml();
    case 'ignore':
      return ignoreFile;
    case 'plain':
      return [];
  }
}

/** Colours from the app's theme variables, so dark mode needs nothing more. */
export const highlightStyle = HighlightStyle.define([
  {
    tag: [tags.keyword, tags.operator],
    color: 'var(--code-keyword, var(--accent-strong))',
    fontWeight: '600',
  },
  { tag: [tags.comment, tags.lineComment], color: 'var(--muted)', fontStyle: 'italic' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--code-string, var(--ok))' },
  { tag: [tags.number, tags.bool, tags.atom], color: 'var(--code-number, var(--warn))' },
  { tag: [tags.variableName, tags.propertyName, tags.definition(tags.name)], color: 'var(--fg)' },
  { tag: tags.meta, color: 'var(--muted)' },
]);
