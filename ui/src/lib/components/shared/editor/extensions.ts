// The CodeMirror pieces CodeEditor assembles that are ours: marked lines (a failing build step),
// hover tooltips built from text, diagnostics mapped to @codemirror/lint with their fixes, and
// edits given as offsets. Kept out of the component so they can be tested without a DOM editor.
import { RangeSetBuilder, StateEffect, StateField, type ChangeSpec } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  GutterMarker,
  gutter,
  hoverTooltip,
  type DecorationSet,
  type Tooltip,
} from '@codemirror/view';
import type { Diagnostic as CmDiagnostic } from '@codemirror/lint';
import type { EditorDiagnostic, EditorEdit, HoverProvider } from './types';

/** Replaces the set of marked lines (1-based). */
export const setHighlighted = StateEffect.define<number[]>();

class MarkedLine extends GutterMarker {
  override toDOM(): Node {
    const el = document.createElement('span');
    el.className = 'cm-marked-line-marker';
    el.textContent = '▶';
    el.setAttribute('data-testid', 'code-editor-line-marker');
    return el;
  }
}
const marker = new MarkedLine();
const lineMark = Decoration.line({
  class: 'cm-marked-line',
  attributes: { 'data-marked': 'true' },
});

/** The marked lines as line numbers, kept through edits by mapping their positions. */
const highlightedField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    let next = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setHighlighted)) continue;
      const builder = new RangeSetBuilder<Decoration>();
      const lines = [...new Set(e.value)]
        .filter((n) => n >= 1 && n <= tr.state.doc.lines)
        .sort((a, b) => a - b);
      for (const n of lines) {
        const at = tr.state.doc.line(n).from;
        builder.add(at, at, lineMark);
      }
      next = builder.finish();
    }
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

const highlightedGutter = gutter({
  class: 'cm-marked-gutter',
  lineMarker(view, line) {
    let marked = false;
    view.state.field(highlightedField).between(line.from, line.from, () => {
      marked = true;
    });
    return marked ? marker : null;
  },
  lineMarkerChange: (update) =>
    update.transactions.some((t) => t.effects.some((e) => e.is(setHighlighted))),
});

export const highlightedLines = [highlightedField, highlightedGutter];

/** Changes for `edits` (offsets into the current text), clamped to it and in order. */
export function editChanges(edits: EditorEdit[], length: number): ChangeSpec[] {
  const clamp = (n: number) => Math.max(0, Math.min(n, length));
  return [...edits]
    .sort((a, b) => a.start - b.start)
    .map((e) => ({ from: clamp(e.start), to: clamp(Math.max(e.start, e.end)), insert: e.insert }));
}

/** Our diagnostics as @codemirror/lint's, clamped to the text, each fix an action. */
export function toLintDiagnostics(
  diagnostics: EditorDiagnostic[],
  length: number,
  apply: (edits: EditorEdit[]) => void,
): CmDiagnostic[] {
  const clamp = (n: number) => Math.max(0, Math.min(n, length));
  return diagnostics.map((d) => ({
    from: clamp(d.from),
    to: clamp(Math.max(d.from, d.to)),
    severity: d.severity,
    message: d.message,
    source: d.source,
    actions: (d.fixes ?? []).map((f) => ({ name: f.title, apply: () => apply(f.edits) })),
  }));
}

/** A tooltip whose content is set as text, so nothing in it is ever read as HTML. */
function hoverDom(title: string, body: string, example: string | null | undefined): HTMLElement {
  const box = document.createElement('div');
  box.className = 'cm-hover-help';
  box.setAttribute('data-testid', 'code-editor-hover');
  const head = document.createElement('div');
  head.className = 'cm-hover-title';
  head.textContent = title;
  const text = document.createElement('div');
  text.className = 'cm-hover-body';
  text.textContent = body;
  box.append(head, text);
  if (example) {
    const pre = document.createElement('pre');
    pre.className = 'cm-hover-example';
    pre.textContent = example;
    box.append(pre);
  }
  return box;
}

/** The hover extension asking `provider` (read through `get`, so a new prop needs no rebuild). */
export function hoverHelp(get: () => HoverProvider | null | undefined) {
  return hoverTooltip(async (view, pos): Promise<Tooltip | null> => {
    const provider = get();
    if (!provider) return null;
    const line = view.state.doc.lineAt(pos);
    const info = await provider(pos, line.text, line.number, pos - line.from);
    if (!info) return null;
    return {
      pos,
      above: true,
      create: () => ({ dom: hoverDom(info.title, info.body, info.example) }),
    };
  });
}
