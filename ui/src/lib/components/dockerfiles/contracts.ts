// The shapes the Dockerfiles area's parts agree on (COMMON.md): the parser's tree, the lint
// diagnostics and the last build. Each is replaced by a re-export from the IPC bindings once its
// owner's command lands (`export type { Dockerfile } from '$lib/ipc/bindings'`), so views and the
// session keep importing from here.

/** A place in the text: UTF-16 offsets (what the editor counts) and 1-based lines. */
export interface Span {
  start: number;
  end: number;
  line: number;
  endLine: number;
}

/** The parser's tree of a Dockerfile (`dockerfile_parse`). */
export type { Dockerfile } from '$lib/ipc/client';

// The linter's shapes (h3's `dockerfile_lint`); parse errors come as rule `parse-error`.
export type { Diagnostic, QuickFix, Severity, TextEdit } from '$lib/ipc/client';

/** One step of a build as the build stream reported it (h4's `BuildEvent::Step`: times are
 *  null until the builder reports them; `cancelled` is a step a cancel cut short). */
export interface BuildStep {
  id: string;
  name: string;
  line: number | null;
  state: 'started' | 'done' | 'cached' | 'failed' | 'cancelled';
  startedMs: number | null;
  endedMs: number | null;
}

/** What the last build of this session left (filled by the build panel, h4/h5). */
export interface BuildRecord {
  imageId: string | null;
  tags: string[];
  steps: BuildStep[];
  failedLine: number | null;
}
