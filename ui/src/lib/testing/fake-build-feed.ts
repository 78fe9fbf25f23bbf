// A fake build area for the Build and Context panels' tests: records each build it was asked
// for, lets the test send that build's events and end, runs paints when the test says (like the
// logs feed), and answers the preview and the context summary from functions a test may swap.
import type { StreamMessage } from '$lib/ipc/client';
import type { BuildApi } from '$lib/components/dockerfiles/buildRun.svelte';
import type {
  BuildEvent,
  BuildPreview,
  BuildSpec,
  ContextSummary,
} from '$lib/components/dockerfiles/buildTypes';

export interface FakeBuild {
  spec: BuildSpec;
  send: (m: StreamMessage<BuildEvent, unknown>) => void;
  cancelled: boolean;
}

export class FakeBuildFeed implements BuildApi {
  builds: FakeBuild[] = [];
  summaries: { contextDir: string; dockerfile: string }[] = [];
  #frames: (() => void)[] = [];
  /** Makes `build` refuse (as the command would refuse a bad spec). */
  refuse: Error | null = null;
  preview: (spec: BuildSpec) => BuildPreview = (spec) => ({
    commandLine: `DOCKER_BUILDKIT=${spec.builder === 'buildkit' ? 1 : 0} docker build${spec.tags
      .map((t) => ` -t ${t}`)
      .join('')} -f ${spec.dockerfile}${spec.target ? ` --target ${spec.target}` : ''} .`,
    errors: spec.tags
      .map((t, i) => ({ t, i }))
      .filter(({ t }) => /[A-Z]/.test(t))
      .map(({ i }) => ({ field: `tags[${i}]`, message: 'a tag is lowercase, such as web:1' })),
  });
  summary: (contextDir: string, dockerfile: string) => ContextSummary = () => ({
    files: 3,
    bytes: 2048,
    ignoredFiles: 0,
    ignoredBytes: 0,
    largest: [{ path: 'Dockerfile', bytes: 1024 }],
    hasDockerignore: false,
    warning: null,
  });

  readonly frame = (paint: () => void): void => {
    this.#frames.push(paint);
  };

  /** Runs the paints asked for so far; returns how many ran. */
  flush(): number {
    const frames = this.#frames;
    this.#frames = [];
    frames.forEach((f) => f());
    return frames.length;
  }

  get last(): FakeBuild {
    const b = this.builds.at(-1);
    if (!b) throw new Error('no build was started');
    return b;
  }

  /** Sends the last build's event. */
  event(e: BuildEvent): void {
    this.last.send({ type: 'data', data: e });
  }

  build = async (spec: BuildSpec, on: (m: StreamMessage<BuildEvent, unknown>) => void) => {
    if (this.refuse) throw this.refuse;
    const b: FakeBuild = { spec, send: on, cancelled: false };
    this.builds.push(b);
    return {
      id: this.builds.length,
      cancel: async () => {
        if (b.cancelled) return;
        b.cancelled = true;
        // As the engine's build ends a cancel: a `failed` event, then the stream's cancel.
        on({
          type: 'data',
          data: { kind: 'failed', message: 'cancelled', stepId: null, line: null },
        });
        on({ type: 'error', error: { code: 'cancelled', message: 'cancelled' } });
      },
    };
  };

  /** The stages each preview was asked with. */
  previewStages: (string[] | null)[] = [];
  buildCommand = async (spec: BuildSpec, stages: string[] | null): Promise<BuildPreview> => {
    this.previewStages.push(stages);
    return this.preview(spec);
  };

  contextSummary = async (contextDir: string, dockerfile: string): Promise<ContextSummary> => {
    this.summaries.push({ contextDir, dockerfile });
    return this.summary(contextDir, dockerfile);
  };
}
