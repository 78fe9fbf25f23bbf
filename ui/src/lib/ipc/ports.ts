// The Ports page: every published and exposed-only port of every container. Opening one in the
// browser is `containers.openPort`.
import { commands, type PortEntry } from './bindings';
import { unwrap } from './core';

export const ports = {
  list: (): Promise<PortEntry[]> => unwrap(commands.portsList()),
};
