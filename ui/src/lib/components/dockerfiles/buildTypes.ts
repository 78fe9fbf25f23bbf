// The build contract's shapes as the Build and Context panels read them: runspec's `BuildSpec`
// and the engine's `BuildEvent` and `ContextSummary` (engine/src/build). Written by hand, the
// same shapes, until the generated bindings carry them; then these become re-exports of
// `$lib/ipc/client`.
import type { BuildRecord, BuildStep, Dockerfile } from './contracts';

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
export type BuildStepState = BuildStep['state'];

export type { BuildRecord, BuildStep };

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

/** What the build form reads from the parsed Dockerfile: the shape h2's AST serialises to
 *  (`ast.rs`: stages with their `AS` names, instructions with ENV/LABEL/ARG `pairs`). */
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
  readonly dirty: boolean;
  parsed: Dockerfile | ParsedForBuild | null;
  highlighted: number[];
  lastBuild: BuildRecord | null;
  goToLine(line: number): void;
  /** Shows the `.dockerignore` in the editor, with `starter` as its text when there is none. */
  showIgnore?(starter: string | null): void;
  /** Runs `f` when the session goes away (the view closed). */
  onDispose?(f: () => void): void;
}

/** The parse tree as the build form reads it. `contracts.Dockerfile` stays opaque until h2's
 *  bindings replace it; h2's tree has these fields (an empty tree reads as no stages). */
function readable(parsed: BuildSession['parsed']): ParsedForBuild | null {
  if (!parsed || !Array.isArray(parsed.stages) || !Array.isArray(parsed.instructions)) return null;
  return parsed as ParsedForBuild;
}

/** The build args a Dockerfile declares (`ARG name[=default]`), first declaration of each. */
export function declaredArgs(
  parsed: BuildSession['parsed'],
): { name: string; value: string | null }[] {
  const tree = readable(parsed);
  if (!tree) return [];
  const seen = new Map<string, string | null>();
  for (const i of tree.instructions)
    if (i.kind === 'arg')
      for (const p of i.pairs ?? []) if (!seen.has(p.key)) seen.set(p.key, p.value);
  return [...seen].map(([name, value]) => ({ name, value }));
}

/** The stages `--target` can name: those with an `AS` name. */
export function targetStages(parsed: BuildSession['parsed']): string[] {
  return (readable(parsed)?.stages ?? []).flatMap((s) => (s.name ? [s.name] : []));
}
