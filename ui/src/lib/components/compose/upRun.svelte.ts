// One `docker compose up` as the Run panel shows it: the plan's rows (network, volume, image,
// container) with each one's state and detail as events arrive, the command it equals, how it
// ended (in words), and cancel. The stream and its events come from `compose.up`.
import {
  compose,
  TugboatError,
  type ComposeRequest,
  type StreamHandle,
  type UpEvent,
  type UpMessage,
  type UpRequest,
  type UpStep,
  type UpStepState,
} from '$lib/ipc/client';

/** An up's choices besides the file. */
export type UpOptions = Omit<UpRequest, 'compose'>;

export interface UpRow extends UpStep {
  state: UpStepState;
  detail: string | null;
}

export type UpPhase = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

/** The last lines of output kept per run (a build's log can be long). */
const MAX_LOG = 400;

export class UpRun {
  rows = $state<UpRow[]>([]);
  command = $state<string | null>(null);
  phase = $state<UpPhase>('idle');
  /** Why it failed, in words. */
  failure = $state<string | null>(null);
  failedStep = $state<string | null>(null);
  seconds = $state<number | null>(null);
  log = $state<string[]>([]);
  #handle: StreamHandle | null = null;

  get running(): boolean {
    return this.phase === 'running';
  }

  /** Starts an up; a previous run's rows are replaced. */
  async start(request: ComposeRequest, options: UpOptions): Promise<void> {
    return this.startWith((on) => compose.up({ compose: request, ...options }, on));
  }

  /** Starts a run of another stream of up events (a stack deploy shows in the same rows). */
  async startWith(open: (on: (m: UpMessage) => void) => Promise<StreamHandle>): Promise<void> {
    this.rows = [];
    this.command = null;
    this.failure = null;
    this.failedStep = null;
    this.seconds = null;
    this.log = [];
    this.phase = 'running';
    try {
      this.#handle = await open((m) => {
        if (m.type === 'data') this.apply(m.data);
        else if (m.type === 'end') {
          if (this.phase === 'running') this.phase = 'done';
        } else if (m.error.code === 'cancelled') this.phase = 'cancelled';
        else this.fail(m.error.message, null);
      });
    } catch (e) {
      this.fail(e instanceof TugboatError || e instanceof Error ? e.message : String(e), null);
    }
  }

  /** Stops before the next step; what finished stays. */
  cancel(): void {
    void this.#handle?.cancel();
  }

  apply(e: UpEvent): void {
    switch (e.kind) {
      case 'plan':
        this.rows = e.steps.map((s) => ({ ...s, state: 'waiting', detail: null }));
        this.command = e.command;
        break;
      case 'step': {
        const row = this.rows.find((r) => r.id === e.id);
        if (row) {
          row.state = e.state;
          row.detail = e.detail;
        }
        break;
      }
      case 'log':
        this.log.push(...e.text.split('\n').filter((l) => l.length > 0));
        if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
        break;
      case 'done':
        this.seconds = e.seconds ?? null;
        this.phase = 'done';
        break;
      case 'failed':
        this.fail(e.message, e.stepId);
        break;
      case 'cancelled':
        this.phase = 'cancelled';
        break;
    }
  }

  private fail(message: string, step: string | null): void {
    this.failure = message;
    this.failedStep = step;
    this.phase = 'failed';
  }
}
