// Which section the app shows, and the object a section should open once it shows: how a link
// in one view (an event's "open") reaches another view's details without the views knowing
// each other.
class Navigation {
  section = $state('home');
  #focus = $state<{ section: string; id: string } | null>(null);
  /** An image the run form was asked to start from ("Run…" on an image). */
  #runImage = $state<string | null>(null);

  /** Asked before the shown section is left (see `guardLeaving`). */
  #leaveGuard: ((go: () => void) => boolean) | null = null;

  /** Lets the shown view hold the app in place while it asks about unsaved work: `guard(go)`
   *  returns true when it takes over (and calls `go` itself if the user agrees to leave),
   *  false to let the app leave now. Returns the function that removes the guard. */
  guardLeaving(guard: (go: () => void) => boolean): () => void {
    this.#leaveGuard = guard;
    return () => {
      if (this.#leaveGuard === guard) this.#leaveGuard = null;
    };
  }

  /** Leaves the shown section for another through the guard, if one is set. */
  #leave(section: string, go: () => void): void {
    if (section !== this.section && this.#leaveGuard?.(go)) return;
    go();
  }

  /** Shows `section`; with `id`, asks it to open that object's details. */
  open(section: string, id?: string): void {
    this.#leave(section, () => {
      this.#focus = id ? { section, id } : null;
      this.section = section;
    });
  }

  /** The object `section` was asked to open, once: the view takes it when it shows. */
  take(section: string): string | null {
    const focus = this.#focus;
    if (!focus || focus.section !== section) return null;
    this.#focus = null;
    return focus.id;
  }

  /** Shows the Containers view with the run form open on `image`. */
  runImage(image: string): void {
    this.#leave('containers', () => {
      this.#focus = null;
      this.#runImage = image;
      this.section = 'containers';
    });
  }

  /** The image the run form was asked to start from, once: the Containers view takes it. */
  takeRunImage(): string | null {
    const image = this.#runImage;
    this.#runImage = null;
    return image;
  }
}

export const navigation = new Navigation();
