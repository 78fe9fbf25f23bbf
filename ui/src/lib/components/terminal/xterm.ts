// xterm.js and its fit addon, loaded with the first terminal rather than with the app (most
// sessions never open one), once.
import type { Terminal } from '@xterm/xterm';
import type { FitAddon } from '@xterm/addon-fit';

export interface Xterm {
  Terminal: typeof Terminal;
  FitAddon: typeof FitAddon;
}

let loading: Promise<Xterm> | null = null;

export function loadXterm(): Promise<Xterm> {
  loading ??= Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit')]).then(
    ([xterm, fit]) => ({ Terminal: xterm.Terminal, FitAddon: fit.FitAddon }),
  );
  return loading;
}
