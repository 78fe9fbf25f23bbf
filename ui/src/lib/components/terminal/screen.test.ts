import { describe, expect, it } from 'vitest';
import { clipboardKey, decodeScreen, endWords } from './screen';

describe('terminal screen', () => {
  it('decodes every byte value, not only text', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const base64 = btoa(String.fromCharCode(...all));
    expect(decodeScreen({ base64 })).toEqual(all);
  });

  it('says how a session ended', () => {
    expect(endWords({ exitCode: 3, detached: false, notStarted: null })).toBe('exited with code 3');
    expect(endWords({ exitCode: null, detached: true, notStarted: null })).toMatch(/still running/);
    expect(endWords({ exitCode: 126, detached: false, notStarted: 'no bash here' })).toBe(
      'no bash here',
    );
  });

  it('takes ctrl-shift-c and ctrl-shift-v for the clipboard and leaves ctrl-c to the program', () => {
    const key = (k: string, shift: boolean) =>
      new KeyboardEvent('keydown', { key: k, ctrlKey: true, shiftKey: shift });
    expect(clipboardKey(key('C', true))).toBe('copy');
    expect(clipboardKey(key('V', true))).toBe('paste');
    expect(clipboardKey(key('c', false))).toBeNull();
    expect(
      clipboardKey(new KeyboardEvent('keyup', { key: 'C', ctrlKey: true, shiftKey: true })),
    ).toBeNull();
  });
});
