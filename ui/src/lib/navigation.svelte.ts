// Which section the app shows, and the object a section should open once it shows: how a link
// in one view (an event's "open") reaches another view's details without the views knowing
// each other.
class Navigation {
  section = $state('home');
  #focus = $state<{ section: string; id: string } | null>(null);

  /** Shows `section`; with `id`, asks it to open that object's details. */
  open(section: string, id?: string): void {
    this.#focus = id ? { section, id } : null;
    this.section = section;
  }

  /** The object `section` was asked to open, once: the view takes it when it shows. */
  take(section: string): string | null {
    const focus = this.#focus;
    if (!focus || focus.section !== section) return null;
    this.#focus = null;
    return focus.id;
  }
}

export const navigation = new Navigation();
