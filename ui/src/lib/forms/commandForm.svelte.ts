// A form that teaches its `docker …` command: the state every such form shares (the preview
// Rust built for the newest input, the field errors and warnings in it, whether that preview is
// still coming, and the submit's busy flag and error), so a new form writes only its fields.
import type { FieldError } from '$lib/ipc/client';
import { errorMessage } from '$lib/format';
import { Latest } from '$lib/latest';

export interface CommandFormOptions<F, P> {
  /** Reads the form's current input. Called inside an effect: every field it reads is watched,
   *  and a change asks for a new preview. Return a plain snapshot (`$state.snapshot`). */
  read: () => F;
  /** Asks Rust for the preview of that input. */
  preview: (input: F) => Promise<P>;
  /** The field errors in an answer (`[]` when it has none). */
  errors?: (answer: P) => FieldError[];
  /** The field warnings in an answer: shown, but the form may still be submitted. */
  warnings?: (answer: P) => FieldError[];
  /** How long input must rest before a preview is asked for; typing asks once, not per key. */
  restMs?: number;
}

/** Rest before asking: long enough to coalesce a burst of keys, short enough to feel live. */
export const PREVIEW_REST_MS = 120;

/** Construct during a component's initialisation (or inside `$effect.root`): it starts an
 *  effect that follows the input. */
export class CommandForm<F, P> {
  /** The preview for the newest input that has an answer; null until the first arrives or
   *  after the newest question failed. */
  preview = $state<P | null>(null);
  /** Why the newest preview could not be built (the engine or the IPC failed, not the input). */
  previewError = $state<string | null>(null);
  /** True from a change until its preview is in: errors may still appear and move what is below
   *  them. Bound to `aria-busy` on the form, for assistive technology and for the e2e tests,
   *  which wait for it before they click (a click aimed while the layout shifts misses). */
  pending = $state(true);
  /** A submit is running. */
  busy = $state(false);
  /** Why the last submit failed. */
  submitError = $state<string | null>(null);

  readonly errors = $derived.by((): FieldError[] =>
    this.preview == null ? [] : (this.#opts.errors?.(this.preview) ?? []),
  );
  readonly warnings = $derived.by((): FieldError[] =>
    this.preview == null ? [] : (this.#opts.warnings?.(this.preview) ?? []),
  );

  #opts: CommandFormOptions<F, P>;
  #asked = new Latest();

  constructor(opts: CommandFormOptions<F, P>) {
    this.#opts = opts;
    const rest = opts.restMs ?? PREVIEW_REST_MS;
    $effect(() => {
      const input = opts.read();
      this.pending = true;
      const timer = setTimeout(() => this.#ask(input), rest);
      return () => clearTimeout(timer);
    });
  }

  #ask(input: F) {
    this.#asked.ask(
      () => this.#opts.preview(input),
      (answer) => {
        this.preview = answer;
        this.previewError = null;
        this.pending = false;
      },
      (message) => {
        this.preview = null;
        this.previewError = message;
        this.pending = false;
      },
    );
  }

  /** The first error on `field`, as Rust names fields (`memory`, `ports[0].hostPort`). */
  errFor = (field: string): FieldError | undefined => this.errors.find((e) => e.field === field);

  /** The first warning on `field`. */
  warnFor = (field: string): FieldError | undefined => this.warnings.find((e) => e.field === field);

  /** Every error message on `field`, joined: for fields Rust may fault more than once. */
  messagesFor = (field: string): string =>
    this.errors
      .filter((e) => e.field === field)
      .map((e) => e.message)
      .join(' ');

  /** Runs the form's action once at a time: `busy` while it runs, its failure in `submitError`.
   *  Resolves to the action's value, or undefined when it failed. */
  async submit<T>(action: () => Promise<T>): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    this.submitError = null;
    try {
      return await action();
    } catch (e) {
      this.submitError = errorMessage(e);
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
