// The fake of the `build` area for component tests: a test reads the builds a view started,
// sends them BuildEvents and an end, and sets the preview and the context summary.
import type {
  BuildMessage,
  BuildSpec,
  Client,
  CommandPreview,
  ContextSummary,
} from '$lib/ipc/client';

export interface FakeBuild {
  spec: BuildSpec;
  send: (m: BuildMessage) => void;
  cancelled: boolean;
}

export class FakeBuildArea {
  builds: FakeBuild[] = [];
  /** What `buildCommand` answers. */
  preview: (spec: BuildSpec, stages: string[] | null) => CommandPreview = (spec) => ({
    commandLine: `DOCKER_BUILDKIT=${spec.builder === 'classic' ? 0 : 1} docker build ${(
      spec.tags ?? []
    )
      .map((t) => `-t ${t} `)
      .join('')}${spec.contextDir}`,
    errors: [],
  });
  /** What `contextSummary` answers. */
  summary: ContextSummary = {
    files: 0,
    bytes: 0,
    ignoredFiles: 0,
    ignoredBytes: 0,
    largest: [],
    hasDockerignore: false,
    warning: null,
  };

  area(): Client['build'] {
    return {
      buildCommand: async (spec, stages) => this.preview(spec, stages),
      contextSummary: async () => this.summary,
      build: async (spec, on) => {
        const b: FakeBuild = { spec, send: on, cancelled: false };
        this.builds.push(b);
        return {
          id: 200 + this.builds.length,
          cancel: async () => {
            b.cancelled = true;
            on({
              type: 'data',
              data: { kind: 'failed', message: 'cancelled', stepId: null, line: null },
            });
            on({ type: 'error', error: { code: 'cancelled', message: 'cancelled' } });
          },
        };
      },
    };
  }
}
