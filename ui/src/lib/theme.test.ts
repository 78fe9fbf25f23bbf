import { describe, expect, it } from 'vitest';
import { ThemeKeeper } from './theme.svelte';

/** A stand-in for matchMedia('(prefers-color-scheme: dark)') whose answer a test flips. */
function systemMedia(dark: boolean) {
  const listeners: (() => void)[] = [];
  const media = {
    matches: dark,
    addEventListener: (_: string, l: () => void) => listeners.push(l),
  };
  return {
    media: media as unknown as MediaQueryList,
    flip(toDark: boolean) {
      media.matches = toDark;
      listeners.forEach((l) => l());
    },
  };
}

describe('theme', () => {
  it('follows the system while "system", and not once light or dark is chosen', () => {
    const root = document.createElement('html');
    const system = systemMedia(false);
    const keeper = new ThemeKeeper(root, system.media);
    keeper.set('system');
    expect(root.dataset.theme).toBe('light');
    system.flip(true);
    expect(root.dataset.theme).toBe('dark');
    keeper.set('light');
    expect(root.dataset.theme).toBe('light');
    system.flip(false);
    system.flip(true);
    expect(root.dataset.theme).toBe('light');
    keeper.set('dark');
    expect(keeper.shown).toBe('dark');
  });

  it('starts from the last choice kept as a hint, else from the system', () => {
    localStorage.removeItem('tugboat.theme');
    const root = document.createElement('html');
    const keeper = new ThemeKeeper(root, systemMedia(true).media);
    keeper.startFromHint();
    expect(keeper.chosen).toBe('system');
    expect(root.dataset.theme).toBe('dark');
    keeper.set('light');
    const next = new ThemeKeeper(document.createElement('html'), systemMedia(true).media);
    next.startFromHint();
    expect(next.chosen).toBe('light');
    localStorage.setItem('tugboat.theme', 'sepia');
    next.startFromHint();
    expect(next.chosen).toBe('system');
  });
});
