// The app's colours: the theme chosen in Settings, or the system's while it is "system". It
// sets `data-theme` on <html> (app.css keys the dark colours off it) and follows the system
// as it changes. The last choice is also kept in localStorage, only as a hint for the next
// start's first paint: settings.json stays the one record of it.
import type { Theme } from '$lib/ipc/client';

const HINT = 'tugboat.theme';
const THEMES: readonly Theme[] = ['system', 'light', 'dark'];

export function isTheme(word: unknown): word is Theme {
  return typeof word === 'string' && (THEMES as readonly string[]).includes(word);
}

export class ThemeKeeper {
  chosen = $state<Theme>('system');
  /** What shows now: the chosen theme, or the system's. */
  shown = $state<'light' | 'dark'>('light');
  #root: HTMLElement;
  #media: MediaQueryList | null;

  constructor(root: HTMLElement, media: MediaQueryList | null) {
    this.#root = root;
    this.#media = media;
    media?.addEventListener('change', () => this.#apply());
  }

  set(theme: Theme): void {
    this.chosen = theme;
    try {
      localStorage.setItem(HINT, theme);
    } catch {
      // No storage (a locked-down webview): the first paint follows the system instead.
    }
    this.#apply();
  }

  /** Before the settings arrive: the last run's choice, else the system's. */
  startFromHint(): void {
    let hint: string | null = null;
    try {
      hint = localStorage.getItem(HINT);
    } catch {
      hint = null;
    }
    this.chosen = isTheme(hint) ? hint : 'system';
    this.#apply();
  }

  #apply(): void {
    const dark = this.chosen === 'dark' || (this.chosen === 'system' && !!this.#media?.matches);
    this.shown = dark ? 'dark' : 'light';
    this.#root.dataset.theme = this.shown;
  }
}

export const theme = new ThemeKeeper(
  document.documentElement,
  typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null,
);
