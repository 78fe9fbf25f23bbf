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

/** The parser's tree of a Dockerfile (h2's `dockerfile_parse`); opaque until it lands. */
export type Dockerfile = { errors: { message: string; span: Span }[] } & Record<string, unknown>;

export interface TextEdit {
  start: number;
  end: number;
  insert: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
}

export type Severity = 'error' | 'warning' | 'info';

/** One lint finding (h3's `dockerfile_lint`); parse errors come as rule `parse-error`. */
export interface Diagnostic {
  rule: string;
  severity: Severity;
  message: string;
  span: Span;
  fix: QuickFix | null;
}

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
