// One build on screen: the `image_build` stream it follows and what the Build panel paints from
// it (context upload, a row per step, the log, the outcome). Ingest and paint are apart, as in
// the logs store: a message is folded into plain data the moment it arrives (cheap), and the
// painted state is brought up to date at most once per animation frame, so a flood of log lines
// costs one paint a frame, not one per line. A failure marks its Dockerfile line in the session;
// each build's outcome is recorded there (`lastBuild`) for the layers panel.
import type { StreamHandle, StreamMessage } from '$lib/ipc/client';
import { errorMessage } from '$lib/format';
import type {
  BuildEvent,
  BuildPreview,
  BuildRecord,
  BuildSpec,
  BuildStep,
  BuildStepState,
  ContextSummary,
} from './buildTypes';

/** The call a build makes (the build IPC area, or a test's fake). */
export interface BuildFeed {
  build(
    spec: BuildSpec,
    on: (m: StreamMessage<BuildEvent, unknown>) => void,
  ): Promise<StreamHandle>;
}

/** Every call the Build and Context panels make. */
export interface BuildApi extends BuildFeed {
  /** `docker build …` for the spec, with the fields' errors; `stages` are the Dockerfile's
   *  stage names when it parsed, so a `target` that is none of them is an error. */
  buildCommand(spec: BuildSpec, stages: string[] | null): Promise<BuildPreview>;
  /** What a build of `dockerfile` in `contextDir` would send. */
  contextSummary(contextDir: string, dockerfile: string): Promise<ContextSummary>;
}

/** What a build writes back into the editor's session (a `DockerfileSession` has all of it). */
export interface BuildTarget {
  /** The folder and Dockerfile open now: a build of others no longer marks lines here. */
  folder: string | null;
  file: string;
  highlighted: number[];
  lastBuild: BuildRecord | null;
  goToLine(line: number): void;
}

export type BuildPhase = 'idle' | 'starting' | 'running' | 'done' | 'failed' | 'cancelled';

/** One line of the build's log. */
export interface BuildLogLine {
  seq: number;
  stepId: string | null;
  text: string;
}

/** Lines a build log holds at most; older ones are dropped (and counted). */
export const BUILD_LOG_CAP = 50_000;

export interface BuildRunOptions {
  cap?: number;
  /** Runs `paint` before the next frame (requestAnimationFrame; tests pass their own). */
  frame?: (paint: () => void) => void;
  /** The clock for the elapsed time (Date.now; tests pass their own). */
  now?: () => number;
}

export class BuildRun {
  phase = $state<BuildPhase>('idle');
  /** The steps in the order the builder first named them. */
  steps = $state.raw<BuildStep[]>([]);
  /** The log lines painted, oldest first (a new array each paint that changed them). */
  lines = $state.raw<BuildLogLine[]>([]);
  /** Lines dropped from the top because the log reached its cap. */
  dropped = $state(0);
  /** The context upload: bytes sent of bytes to send (null until the first report). */
  context = $state<{ sentBytes: number; totalBytes: number } | null>(null);
  /** When the build was started and when it ended (the run's clock, in ms). */
  startedAt = $state<number | null>(null);
  endedAt = $state<number | null>(null);
  /** Why the build failed, in the builder's words; the step and Dockerfile line it names. */
  error = $state<string | null>(null);
  failedStepId = $state<string | null>(null);
  failedLine = $state<number | null>(null);
  /** What a finished build made. */
  result = $state<{ imageId: string; tags: string[]; seconds: number } | null>(null);

  /** Paints so far (for tests: ingest must not paint per message). */
  paints = 0;

  #feed: BuildFeed;
  #target: BuildTarget;
  #cap: number;
  #frame: (paint: () => void) => void;
  #now: () => number;
  #handle: StreamHandle | null = null;
  /** The user asked to cancel: the builder's `failed` that follows is the cancel, not a fault. */
  #cancelAsked = false;
  #generation = 0;
  #scheduled = false;
  // The unpainted truth: plain data, updated per message.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- unpainted data; `steps` is the state
  #steps = new Map<string, BuildStep>();
  #stepsChanged = false;
  #lines: BuildLogLine[] = [];
  #linesChanged = false;
  #dropped = 0;
  #seq = 0;
  #context: { sentBytes: number; totalBytes: number } | null = null;
  /** What the current build builds: its outcome belongs to the session only while it shows it. */
  #built: { folder: string; file: string } | null = null;

  constructor(feed: BuildFeed, target: BuildTarget, options: BuildRunOptions = {}) {
    this.#feed = feed;
    this.#target = target;
    this.#cap = options.cap ?? BUILD_LOG_CAP;
    this.#frame = options.frame ?? ((paint) => requestAnimationFrame(() => paint()));
    this.#now = options.now ?? (() => Date.now());
  }

  /** The build is under way (Cancel applies). */
  get running(): boolean {
    return this.phase === 'starting' || this.phase === 'running';
  }

  /** Milliseconds since the start, up to the end once it ended. */
  elapsedMs(now: number = this.#now()): number {
    if (this.startedAt === null) return 0;
    return Math.max(0, (this.endedAt ?? now) - this.startedAt);
  }

  /** Starts building `spec`, after closing any build still open; the log starts empty. */
  async start(spec: BuildSpec): Promise<void> {
    const generation = ++this.#generation;
    await this.#close();
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- unpainted data, as above
    this.#steps = new Map();
    this.#lines = [];
    this.#dropped = 0;
    this.#context = null;
    this.#cancelAsked = false;
    this.#built = { folder: spec.contextDir, file: spec.dockerfile };
    this.#stepsChanged = this.#linesChanged = true;
    Object.assign(this, {
      phase: 'starting',
      error: null,
      failedStepId: null,
      failedLine: null,
      result: null,
      startedAt: this.#now(),
      endedAt: null,
    });
    this.#target.highlighted = [];
    this.#paint();
    try {
      const handle = await this.#feed.build(spec, (m) => {
        if (generation === this.#generation) this.#receive(m);
      });
      if (generation !== this.#generation) {
        void handle.cancel();
        return;
      }
      this.#handle = handle;
      if (this.phase === 'starting') this.phase = 'running';
    } catch (e) {
      if (generation === this.#generation) this.#fail(errorMessage(e), null, null);
    }
  }

  /** Stops the build on the engine; the stream's last message says it was cancelled. */
  async cancel(): Promise<void> {
    if (!this.running) return;
    this.#cancelAsked = true;
    await this.#handle?.cancel();
  }

  /** Stops following (the panel went away): the build is cancelled, nothing more is painted. */
  async dispose(): Promise<void> {
    this.#generation++;
    await this.#close();
  }

  async #close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = null;
    if (handle && this.running) await handle.cancel().catch(() => undefined);
  }

  #receive(m: StreamMessage<BuildEvent, unknown>): void {
    if (m.type === 'error') {
      if (m.error.code === 'cancelled') this.#end('cancelled');
      else this.#fail(m.error.message, null, null);
      return;
    }
    if (m.type === 'end') {
      // The outcome came as a `done`/`failed` event; an end without either is a build the
      // stream closed early, which is a failure, not a success.
      if (this.phase === 'running' || this.phase === 'starting')
        this.#fail('the build stream ended without a result', null, null);
      return;
    }
    if (this.phase === 'starting') this.phase = 'running';
    const e = m.data;
    switch (e.kind) {
      case 'context':
        this.#context = { sentBytes: e.sentBytes, totalBytes: e.totalBytes };
        break;
      case 'step': {
        const before = this.#steps.get(e.id);
        this.#steps.set(e.id, {
          id: e.id,
          name: e.name,
          line: e.line ?? before?.line ?? null,
          state: e.state,
          startedMs: e.startedMs ?? before?.startedMs ?? null,
          endedMs: e.endedMs ?? null,
        });
        this.#stepsChanged = true;
        break;
      }
      case 'log':
        this.#log(e.stepId, e.text);
        break;
      case 'done':
        this.result = { imageId: e.imageId, tags: e.tags, seconds: e.seconds };
        this.#end('done');
        if (this.#stillShown())
          this.#target.lastBuild = {
            imageId: e.imageId,
            tags: e.tags,
            steps: [...this.#steps.values()],
            failedLine: null,
          };
        break;
      case 'failed':
        if (this.#cancelAsked) this.#end('cancelled');
        else this.#fail(e.message, e.stepId, e.line);
        break;
    }
    this.#schedule();
  }

  #log(stepId: string | null, text: string): void {
    // One event may carry several lines; a `\r` progress line shows only what it settled on.
    for (const raw of text.replace(/\r?\n$/, '').split('\n')) {
      const cr = raw.lastIndexOf('\r');
      const line = cr >= 0 ? raw.slice(cr + 1) : raw;
      this.#lines.push({ seq: this.#seq++, stepId, text: line });
    }
    const over = this.#lines.length - this.#cap;
    if (over > 0) {
      this.#lines.splice(0, over);
      this.#dropped += over;
    }
    this.#linesChanged = true;
  }

  #fail(message: string, stepId: string | null, line: number | null): void {
    if (!this.running) return;
    const step = stepId ? this.#steps.get(stepId) : undefined;
    // The step the failure names, else the one still running: its line is the one to mark.
    const failing =
      step ?? [...this.#steps.values()].reverse().find((s) => s.state === 'started') ?? null;
    if (failing && failing.state !== 'failed') {
      this.#steps.set(failing.id, { ...failing, state: 'failed' });
      this.#stepsChanged = true;
    }
    this.error = message;
    this.failedStepId = failing?.id ?? stepId;
    this.failedLine = line ?? failing?.line ?? null;
    this.#end('failed');
    if (!this.#stillShown()) return this.#schedule();
    if (this.failedLine !== null) {
      this.#target.highlighted = [this.failedLine];
      this.#target.goToLine(this.failedLine);
    }
    // A failed build is recorded too (no image): what ran, and the line it stopped at.
    this.#target.lastBuild = {
      imageId: null,
      tags: [],
      steps: [...this.#steps.values()],
      failedLine: this.failedLine,
    };
    this.#schedule();
  }

  /** The session still shows the folder and Dockerfile this build was started on. */
  #stillShown(): boolean {
    return this.#built?.folder === this.#target.folder && this.#built?.file === this.#target.file;
  }

  #end(phase: 'done' | 'failed' | 'cancelled'): void {
    if (!this.running) return;
    this.phase = phase;
    this.endedAt = this.#now();
    this.#handle = null;
    if (phase === 'cancelled') {
      // Steps the builder was in the middle of did not finish.
      for (const [id, s] of this.#steps)
        if (s.state === 'started') this.#steps.set(id, { ...s, state: 'cancelled' });
      this.#stepsChanged = true;
      this.#schedule();
    }
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#frame(() => {
      this.#scheduled = false;
      this.#paint();
    });
  }

  #paint(): void {
    this.paints++;
    if (this.#stepsChanged) {
      this.steps = [...this.#steps.values()];
      this.#stepsChanged = false;
    }
    if (this.#linesChanged) {
      this.lines = this.#lines.slice();
      this.dropped = this.#dropped;
      this.#linesChanged = false;
    }
    if (this.#context !== this.context) this.context = this.#context;
  }
}

/** The state a step row shows: the builder's word, or the end it came to. */
export function stepWord(state: BuildStepState): string {
  switch (state) {
    case 'started':
      return 'running';
    case 'cached':
      return 'cached';
    case 'done':
      return 'done';
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
  }
}

// One build per session, kept while the session lives: switching the panel's tab away and back
// finds the build still running (and its log), and closing the view cancels it.
const runs = new WeakMap<BuildTarget, BuildRun>();

/** The session's build, made on first use; the session's end cancels it. */
export function buildRunFor(
  session: BuildTarget & { onDispose?(f: () => void): void },
  feed: BuildFeed,
  options: BuildRunOptions = {},
): BuildRun {
  let run = runs.get(session);
  if (!run) {
    const made = new BuildRun(feed, session, options);
    runs.set(session, made);
    session.onDispose?.(() => {
      runs.delete(session);
      void made.dispose();
    });
    run = made;
  }
  return run;
}
