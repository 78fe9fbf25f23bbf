// Unsaved edits are never lost without asking: before the app leaves the Dockerfiles section,
// opens another folder or file, or closes its window, the guard asks Save / Discard / Cancel
// when the session has edits not on disk. Save that is refused (a conflict, a failure) keeps
// the user where they are, with the reason shown. The Compose editor asks the same way.
import type { TextDocument } from '$lib/stores/textDocument.svelte';

/** What the guard needs of a session: whether it has unsaved edits, its documents, and a
 *  way to drop the edits. */
export interface GuardedSession {
  readonly dirty: boolean;
  readonly documents: TextDocument[];
  discard(): void;
}

export type GuardChoice = 'save' | 'discard' | 'cancel';

export class UnsavedGuard {
  /** The question shown, while the user has not answered. */
  asking = $state<{ action: string } | null>(null);
  /** Why the last Save chosen here did not go through. */
  error = $state<string | null>(null);
  #answer: ((c: GuardChoice) => void) | null = null;
  #session: GuardedSession;

  constructor(session: GuardedSession) {
    this.#session = session;
  }

  /** Resolves true when `action` (said in the question, e.g. "open another folder") may go on:
   *  nothing unsaved, or saved, or discarded on request. */
  async confirm(action: string): Promise<boolean> {
    const s = this.#session;
    if (!s.dirty) return true;
    // A second ask while one is open cancels the first: only one question at a time.
    this.#answer?.('cancel');
    const choice = await new Promise<GuardChoice>((resolve) => {
      this.asking = { action };
      this.#answer = resolve;
    });
    this.asking = null;
    this.#answer = null;
    if (choice === 'cancel') return false;
    if (choice === 'discard') {
      s.discard();
      return true;
    }
    this.error = null;
    try {
      for (const doc of s.documents) {
        if (doc.dirty && !(await doc.save())) return false;
      }
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      return false;
    }
    return true;
  }

  /** The user's answer to the open question. */
  answer(choice: GuardChoice): void {
    this.#answer?.(choice);
  }
}
