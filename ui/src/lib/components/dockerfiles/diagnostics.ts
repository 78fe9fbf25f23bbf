// Lint diagnostics (the area's contract) as the shared editor's: the rule id shown as the
// source, a quick fix as the editor's fix action.
import type { EditorDiagnostic } from '$lib/components/shared/editor/types';
import type { Diagnostic } from './contracts';

export function toEditorDiagnostics(diagnostics: Diagnostic[]): EditorDiagnostic[] {
  return diagnostics.map((d) => ({
    from: d.span.start,
    to: d.span.end,
    severity: d.severity,
    message: d.message,
    source: d.rule,
    fixes: d.fix ? [{ title: d.fix.title, edits: d.fix.edits }] : [],
  }));
}
