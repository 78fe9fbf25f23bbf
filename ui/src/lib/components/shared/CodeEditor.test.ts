// The shared editor in a DOM: it shows the text, takes edits as offsets (one undoable change
// that its owner hears about), marks the lines asked for, offers a diagnostic's fix, and keeps
// in step with a text set from outside.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import { EditorView } from '@codemirror/view';
import { undo } from '@codemirror/commands';
import EditorHarness from './editor/EditorHarness.svelte';
import { editChanges, styleNonce, toLintDiagnostics } from './editor/extensions';
import type { EditorHandle } from './editor/types';

function viewOf(): EditorView {
  const dom = screen.getByTestId('code-editor').querySelector('.cm-editor');
  const view = dom && EditorView.findFromDOM(dom as HTMLElement);
  if (!view) throw new Error('no editor view');
  return view;
}

describe('CodeEditor', () => {
  it('shows the text with its content element reachable by test id', () => {
    const handle: { editor: EditorHandle | null } = { editor: null };
    render(EditorHarness, { text: 'FROM busybox:1\nRUN true\n', changes: [], handle });
    const content = screen.getByTestId('code-editor-content');
    expect(content).toHaveAttribute('contenteditable', 'true');
    expect(content.textContent).toContain('FROM busybox:1');
    expect(screen.getByTestId('code-editor')).toHaveAttribute('data-language', 'dockerfile');
  });

  it('applies edits as one change its owner hears, and undo takes them back', async () => {
    const changes: string[] = [];
    const handle: { editor: EditorHandle | null } = { editor: null };
    render(EditorHarness, { text: 'FROM busybox\nCMD run\n', changes, handle });
    await waitFor(() => expect(handle.editor).not.toBeNull());
    handle.editor?.applyEdits([
      { start: 17, end: 20, insert: '["run"]' },
      { start: 12, end: 12, insert: ':1' },
    ]);
    expect(changes).toEqual(['FROM busybox:1\nCMD ["run"]\n']);
    const view = viewOf();
    undo(view);
    expect(view.state.doc.toString()).toBe('FROM busybox\nCMD run\n');
  });

  it('moves the cursor to a line, clamped to the text', async () => {
    const handle: { editor: EditorHandle | null } = { editor: null };
    render(EditorHarness, { text: 'a\nbb\nccc', changes: [], handle });
    await waitFor(() => expect(handle.editor).not.toBeNull());
    handle.editor?.goToLine(2);
    expect(viewOf().state.selection.main.head).toBe(2);
    handle.editor?.goToLine(99);
    expect(viewOf().state.selection.main.head).toBe(5);
  });

  it('marks the highlighted lines and follows a new text from outside', async () => {
    const handle: { editor: EditorHandle | null } = { editor: null };
    const { rerender } = render(EditorHarness, {
      text: 'FROM a\nRUN false\nCMD x',
      highlighted: [2],
      changes: [],
      handle,
    });
    await waitFor(() =>
      expect(screen.getByTestId('code-editor').querySelectorAll('.cm-marked-line')).toHaveLength(1),
    );
    const marked = screen.getByTestId('code-editor').querySelector('.cm-marked-line');
    expect(marked?.textContent).toBe('RUN false');
    await rerender({ text: 'FROM b\n', highlighted: [], changes: [], handle });
    await waitFor(() => expect(viewOf().state.doc.toString()).toBe('FROM b\n'));
    expect(screen.getByTestId('code-editor').querySelectorAll('.cm-marked-line')).toHaveLength(0);
  });
});

describe('CodeEditor typing', () => {
  it('types a no-break space (WebKit at a line end) as a plain space', async () => {
    const changes: string[] = [];
    const handle: { editor: EditorHandle | null } = { editor: null };
    render(EditorHarness, { text: 'RUN', changes, handle });
    const view = viewOf();
    const handled = view.state
      .facet(EditorView.inputHandler)
      .some((h) => h(view, 3, 3, '\u00a0echo', () => view.state.update({})));
    expect(handled).toBe(true);
    expect(view.state.doc.toString()).toBe('RUN echo');
    expect(changes).toEqual(['RUN echo']);
  });
});

describe('CodeEditor diagnostics', () => {
  it('says on which lines its diagnostics are, by rule', async () => {
    const handle: { editor: EditorHandle | null } = { editor: null };
    render(EditorHarness, {
      text: 'FROM a\nMAINTAINER me\nCMD x',
      diagnostics: [
        { from: 7, to: 20, severity: 'warning', message: 'deprecated', source: 'DF014' },
        { from: 21, to: 26, severity: 'info', message: 'shell form' },
      ],
      changes: [],
      handle,
    });
    const box = screen.getByTestId('code-editor');
    await waitFor(() => expect(box).toHaveAttribute('data-diagnostic-lines', '2 3'));
    expect(box).toHaveAttribute('data-diagnostic-rules', 'DF014@2 info@3');
  });
});

describe('editor pieces', () => {
  it('reads the style nonce Tauri put on the carrier element', () => {
    const doc = document.implementation.createHTMLDocument('x');
    expect(styleNonce(doc)).toBeNull();
    const carrier = doc.createElement('style');
    carrier.setAttribute('data-style-nonce', '');
    carrier.setAttribute('nonce', '12345');
    doc.head.append(carrier);
    expect(styleNonce(doc)).toBe('12345');
  });

  it('clamps and orders edits', () => {
    expect(
      editChanges(
        [
          { start: 9, end: 20, insert: 'z' },
          { start: -1, end: 1, insert: 'a' },
        ],
        10,
      ),
    ).toEqual([
      { from: 0, to: 1, insert: 'a' },
      { from: 9, to: 10, insert: 'z' },
    ]);
  });

  it('turns a fix into an action that hands its edits back', () => {
    const applied: unknown[] = [];
    const [d] = toLintDiagnostics(
      [
        {
          from: 5,
          to: 50,
          severity: 'warning',
          message: 'untagged base',
          source: 'DF003',
          fixes: [{ title: 'Pin a tag', edits: [{ start: 12, end: 12, insert: ':1' }] }],
        },
      ],
      20,
      (e) => applied.push(e),
    );
    expect(d).toMatchObject({ from: 5, to: 20, severity: 'warning', source: 'DF003' });
    expect(d?.actions?.map((a) => a.name)).toEqual(['Pin a tag']);
    d?.actions?.[0]?.apply({} as EditorView, 0, 0);
    expect(applied).toEqual([[{ start: 12, end: 12, insert: ':1' }]]);
  });
});
