import { describe, expect, it } from 'vitest';
import { modifierName, shortcutFor, shortcutList } from './shortcuts';

const sections = [
  { id: 'home', label: 'Home' },
  { id: 'containers', label: 'Containers' },
];
const key = (over: Partial<KeyboardEvent>) => ({
  key: '',
  code: '',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...over,
});

describe('shortcuts', () => {
  it('writes the modifier the way this system does', () => {
    expect(modifierName('MacIntel')).toBe('Cmd');
    expect(modifierName('Linux x86_64')).toBe('Ctrl');
    expect(modifierName('Win32')).toBe('Ctrl');
  });

  it('lists one row per section it can open, and the handler follows the same list', () => {
    const rows = shortcutList('Ctrl', sections);
    expect(rows.map((r) => r.keys)).toEqual(['Ctrl+K', 'Ctrl+E', '?', 'Esc', 'Alt+1', 'Alt+2']);
    expect(shortcutFor(key({ key: '2', code: 'Digit2', altKey: true }), false, sections)).toEqual({
      section: 'containers',
    });
    expect(shortcutFor(key({ key: '3', code: 'Digit3', altKey: true }), false, sections)).toBe(
      null,
    );
  });

  it('takes Ctrl or Cmd with K and E, never with Shift or Alt', () => {
    expect(shortcutFor(key({ key: 'k', ctrlKey: true }), true, sections)).toEqual({
      open: 'palette',
    });
    expect(shortcutFor(key({ key: 'K', metaKey: true }), false, sections)).toEqual({
      open: 'palette',
    });
    expect(shortcutFor(key({ key: 'e', ctrlKey: true }), false, sections)).toEqual({
      open: 'switcher',
    });
    expect(shortcutFor(key({ key: 'K', ctrlKey: true, shiftKey: true }), false, sections)).toBe(
      null,
    );
  });

  it('leaves ? to a text field, where it is typed', () => {
    expect(shortcutFor(key({ key: '?', shiftKey: true }), false, sections)).toEqual({
      open: 'shortcuts',
    });
    expect(shortcutFor(key({ key: '?', shiftKey: true }), true, sections)).toBe(null);
  });
});
