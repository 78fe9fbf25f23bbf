// The build contract's shapes as the Build and Context panels read them: runspec's `BuildSpec`
// and the engine's `BuildEvent` and `ContextSummary` (engine/src/build). Written by hand, the
// same shapes, until the generated bindings carry them; then these become re-exports of
// `$lib/ipc/client`.

export type Builder = 'buildkit' | 'classic';

export interface BuildArg {
  name: string;
  value: string | null;
}

/** What `image_build` is asked to build (`docker build …` flag by flag). */
export interface BuildSpec {
  contextDir: string;
  dockerfile: string;
  tags: string[];
  buildArgs: BuildArg[];
  target: string | null;
  noCache: boolean;
  pull: boolean;
  platform: string | null;
  builder: Builder;
  /** `--label`s put on the built image. */
  labels: { name: string; value: string }[];
}

/** What the builder says as it goes (the stream's data), tagged `kind`. */
export type BuildEvent =
  | { kind: 'context'; sentBytes: number; totalBytes: number }
  | {
      kind: 'step';
      id: string;
      name: string;
      line: number | null;
      state: 'started' | 'done' | 'cached' | 'failed';
      startedMs: number | null;
      endedMs: number | null;
    }
  | { kind: 'log'; stepId: string | null; text: string }
  | { kind: 'done'; imageId: string; tags: string[]; seconds: number }
  | { kind: 'failed'; message: string; stepId: string | null; line: number | null };

/** A step's state as shown: the builder's, plus `cancelled` for one a cancel cut short. */
export type BuildStepState = 'started' | 'done' | 'cached' | 'failed' | 'cancelled';

export interface BuildStep {
  id: string;
  name: string;
  /** The Dockerfile line (1-based) the step came from, when the builder says. */
  line: number | null;
  state: BuildStepState;
  startedMs: number | null;
  endedMs: number | null;
}

/** A finished build, kept in the session for the layers panel. */
export interface BuildRecord {
  imageId: string;
  tags: string[];
  steps: BuildStep[];
  failedLine: number | null;
}

/** A file of the context, by size. */
export interface ContextFile {
  path: string;
  bytes: number;
}

/** What a build would send, before it is sent: `build_context_summary`. */
export interface ContextSummary {
  files: number;
  bytes: number;
  ignoredFiles: number;
  ignoredBytes: number;
  largest: ContextFile[];
  hasDockerignore: boolean;
  /** Why the context is worth a look (it is large), in words; null when it is fine. */
  warning: string | null;
}

/** `docker build …` for a spec, or the fields that keep it from being valid. */
export interface BuildPreview {
  commandLine: string;
  errors: { field: string; message: string }[];
}

/** What the build form reads from the parsed Dockerfile (h2's `Dockerfile` has all of it). */
export interface ParsedForBuild {
  stages: { index: number; name: string | null }[];
  instructions: {
    kind: string;
    stage: number | null;
    pairs: { key: string; value: string | null }[];
  }[];
}

/** What the Build and Context panels use of the editor's session (`DockerfileSession`). */
export interface BuildSession {
  /** The build context folder; null until one is open. */
  folder: string | null;
  /** The Dockerfile, relative to the folder (`-f`). */
  file: string;
  /** The text has changes not saved: a build reads the files on disk. */
  dirty: boolean;
  parsed: ParsedForBuild | null;
  highlighted: number[];
  lastBuild: BuildRecord | null;
  goToLine(line: number): void;
}

/** The build args a Dockerfile declares (`ARG name[=default]`), first declaration of each. */
export function declaredArgs(
  parsed: ParsedForBuild | null,
): { name: string; value: string | null }[] {
  if (!parsed) return [];
  const seen = new Map<string, string | null>();
  for (const i of parsed.instructions)
    if (i.kind === 'arg') for (const p of i.pairs) if (!seen.has(p.key)) seen.set(p.key, p.value);
  return [...seen].map(([name, value]) => ({ name, value }));
}

/** The stages `--target` can name: those with an `AS` name. */
export function targetStages(parsed: ParsedForBuild | null): string[] {
  return (parsed?.stages ?? []).flatMap((s) => (s.name ? [s.name] : []));
}
