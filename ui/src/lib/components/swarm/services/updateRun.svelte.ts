// One rolling update (or rollback) as it happens: the stream of the engine's progress (tasks
// replaced of all, the tasks now, the engine's UpdateStatus state and message) and how it
// ended. The stream ends when the update completes, pauses or rolls back; closing the view
// cancels it (the update itself goes on in the swarm).
import type { StreamHandle, StreamMessage } from '$lib/ipc/client';
import { errorMessage } from '$lib/format';
import type { ServiceUpdateEnd, ServiceUpdateEvent, TaskRow } from './api';

export type UpdateMessage = StreamMessage<ServiceUpdateEvent, ServiceUpdateEnd>;

/** Where a rollout stands: the engine's UpdateStatus.State, or ours before it says one. */
export type RolloutState =
  | 'starting'
  | 'updating'
  | 'paused'
  | 'completed'
  | 'rollback_started'
  | 'rollback_paused'
  | 'rollback_completed'
  | 'failed';

/** What each state means, in words: the engine's names are terse. */
export function stateWords(state: RolloutState, rollback: boolean): string {
  switch (state) {
    case 'starting':
      return rollback ? 'Asking the swarm to roll back…' : 'Sending the new spec to the swarm…';
    case 'updating':
      return 'Replacing tasks, a batch at a time: each new task is watched before the next batch.';
    case 'paused':
      return 'The update paused: a new task failed (the update policy says pause on failure). The service runs a mix of old and new tasks; fix the cause and update again, or roll back.';
    case 'completed':
      return 'Every task runs the new spec.';
    case 'rollback_started':
      return 'Rolling back: the tasks are being replaced by ones of the previous spec.';
    case 'rollback_paused':
      return 'The rollback paused: a task of the previous spec failed too. Look at the tasks’ errors.';
    case 'rollback_completed':
      return rollback
        ? 'Every task runs the previous spec again.'
        : 'The update failed and the swarm rolled back (the update policy says roll back on failure): every task runs the previous spec again.';
    case 'failed':
      return 'The progress could not be followed.';
  }
}

const KNOWN: RolloutState[] = [
  'updating',
  'paused',
  'completed',
  'rollback_started',
  'rollback_paused',
  'rollback_completed',
];

function asState(s: string | null | undefined): RolloutState | null {
  return s && (KNOWN as string[]).includes(s) ? (s as RolloutState) : null;
}

export class UpdateRun {
  state = $state<RolloutState>('starting');
  replaced = $state(0);
  total = $state(0);
  running = $state(0);
  tasks = $state.raw<TaskRow[]>([]);
  /** The engine's message on the update ("update in progress", the reason it paused). */
  message = $state<string | null>(null);
  /** The stream ended; `command` is the line the action equals. */
  ended = $state(false);
  /** The swarm still works on it, but the stream stopped watching (it took too long). */
  stoppedWatching = $state(false);
  command = $state('');
  warnings = $state<string[]>([]);
  error = $state<string | null>(null);

  #handle: StreamHandle | null = null;
  #closed = false;

  constructor(readonly rollback: boolean) {}

  /** Starts the stream with `open` (the update or rollback call). */
  async start(open: (on: (m: UpdateMessage) => void) => Promise<StreamHandle>): Promise<void> {
    try {
      const h = await open((m) => this.receive(m));
      if (this.#closed) void h.cancel();
      else this.#handle = h;
    } catch (e) {
      this.state = 'failed';
      this.error = errorMessage(e);
      this.ended = true;
    }
  }

  receive(m: UpdateMessage) {
    if (m.type === 'data') {
      const d = m.data;
      this.state = asState(d.state) ?? (this.rollback ? 'rollback_started' : 'updating');
      this.replaced = d.replaced;
      this.total = d.total;
      this.running = d.running;
      this.tasks = d.tasks;
      this.message = d.message;
    } else if (m.type === 'end') {
      const e = m.end;
      this.state = asState(e.state) ?? (this.rollback ? 'rollback_completed' : 'completed');
      if (e.message) this.message = e.message;
      this.stoppedWatching = e.stoppedWatching;
      this.command = e.command;
      this.warnings = e.warnings;
      this.ended = true;
      this.#handle = null;
    } else if (m.error.code !== 'cancelled') {
      this.state = 'failed';
      this.error = m.error.message;
      this.ended = true;
    }
  }

  /** Stops following (the dialog closed); the swarm carries on. */
  async close(): Promise<void> {
    this.#closed = true;
    const h = this.#handle;
    this.#handle = null;
    if (h) await h.cancel().catch(() => undefined);
  }

  /** The rollout went well (completed, or a rollback asked for completed). */
  get ok(): boolean {
    return this.state === 'completed' || (this.rollback && this.state === 'rollback_completed');
  }
}
