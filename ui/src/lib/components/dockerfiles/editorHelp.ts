// What the Dockerfile editor asks while you type or point: hover explanations and completions.
// One entry per part; the first source with an answer wins. A source gets the session, so it
// can use the parse tree (`session.parsed`).
import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import type { HoverInfo } from '$lib/components/shared/editor/types';
import type { DockerfileSession } from '$lib/stores/dockerfile.svelte';

export interface EditorHelpSource {
  id: string;
  /** What to show for the pointer at `pos` (line text, 1-based line, column in the line). */
  hover?: (
    session: DockerfileSession,
    pos: number,
    lineText: string,
    line: number,
    column: number,
  ) => HoverInfo | null | Promise<HoverInfo | null>;
  complete?: (
    session: DockerfileSession,
    ctx: CompletionContext,
  ) => CompletionResult | null | Promise<CompletionResult | null>;
}

export const editorHelp: EditorHelpSource[] = [];

/** The editor's hover provider over `sources` for `session`: the first answer wins. */
export function hoverFrom(session: DockerfileSession, sources: EditorHelpSource[] = editorHelp) {
  return async (pos: number, lineText: string, line: number, column: number) => {
    for (const s of sources) {
      const info = await s.hover?.(session, pos, lineText, line, column);
      if (info) return info;
    }
    return null;
  };
}

/** The editor's completion source over `sources` for `session`: the first answer wins. */
export function completionFrom(
  session: DockerfileSession,
  sources: EditorHelpSource[] = editorHelp,
) {
  return async (ctx: CompletionContext) => {
    for (const s of sources) {
      const r = await s.complete?.(session, ctx);
      if (r) return r;
    }
    return null;
  };
}
