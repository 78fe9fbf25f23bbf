// A container's namespaces and cgroups beside the host's (the "Namespaces & cgroups" tab), and
// the run form of its memory "try it", which is run like any form (`run.run`).
import { commands, type Namespaces, type RunForm } from './bindings';
import { unwrap } from './core';

export const namespaces = {
  /** Its processes under both PID numbers, hostname, interfaces, layers and limits, each fact
   *  with where it came from. For a stopped container: what inspect knows, with words. */
  read: (id: string): Promise<Namespaces> => unwrap(commands.containerNamespaces(id)),
  /** `-m 32m` and a shell that grows until the kernel kills it, on `image`. */
  oomTryIt: (name: string, image: string): Promise<RunForm> =>
    commands.namespacesOomTryIt(name, image),
};
