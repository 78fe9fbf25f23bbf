// The app's keyboard shortcuts: one list the help sheet shows and the shell's key handler
// follows (`shortcutFor`), so the sheet cannot promise a key that does nothing. Pure.
import { sectionShortcut } from './entries';

export interface ShortcutRow {
  keys: string;
  does: string;
}

/** "Cmd" on a Mac, else "Ctrl": the modifier the palette and switcher use here. */
export function modifierName(platform: string): string {
  return /mac|iphone|ipad/i.test(platform) ? 'Cmd' : 'Ctrl';
}

export function shortcutList(
  mod: string,
  sections: readonly { id: string; label: string }[],
): ShortcutRow[] {
  const rows: ShortcutRow[] = [
    { keys: `${mod}+K`, does: 'Go to or do anything: views, objects by name, actions' },
    { keys: `${mod}+E`, does: 'Switch engine (then a digit picks one)' },
    { keys: '?', does: 'This list' },
    { keys: 'Esc', does: 'Close the dialog or panel in front' },
  ];
  sections.forEach((s, i) => {
    const keys = sectionShortcut(i);
    if (keys) rows.push({ keys, does: `Go to ${s.label}` });
  });
  return rows;
}

/** What the shell does for a key press: a section's id, a dialog to open, or nothing. The
 *  `?` only counts outside text fields, where it would be typed. */
export type ShortcutHit =
  { open: 'palette' | 'switcher' | 'shortcuts' } | { section: string } | null;

export function shortcutFor(
  e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>,
  inTextField: boolean,
  sections: readonly { id: string }[],
): ShortcutHit {
  const command = (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
  if (command && e.key.toLowerCase() === 'k') return { open: 'palette' };
  if (command && e.key.toLowerCase() === 'e') return { open: 'switcher' };
  // Alt+digit by the key's place (`Digit2`), not its character: Alt changes the character on
  // some layouts. An event without a code (some synthetic ones) falls back to the character.
  const digit = /^Digit([1-9])$/.exec(e.code) ?? (e.code ? null : /^([1-9])$/.exec(e.key));
  if (e.altKey && !e.ctrlKey && !e.metaKey && digit) {
    const section = sections[Number(digit[1]) - 1];
    return section ? { section: section.id } : null;
  }
  if (e.key === '?' && !inTextField && !e.ctrlKey && !e.metaKey && !e.altKey) {
    return { open: 'shortcuts' };
  }
  return null;
}
