// The stacks list: every compose project on the engine (from labels), read whole and again when
// containers, networks or volumes change (a view made from three lists, like the Ports page),
// and which project is open.
import { composeStacks, type ComposeProject } from '$lib/ipc/client';
import { Refetched } from './refetched.svelte';

export class StacksStore {
  readonly list: Refetched<ComposeProject[]>;
  /** The project whose details show, by name. */
  selected = $state<string | null>(null);

  constructor(fetch: () => Promise<ComposeProject[]> = () => composeStacks.projects()) {
    this.list = new Refetched(fetch, ['container', 'network', 'volume']);
  }

  get projects(): ComposeProject[] {
    return this.list.value ?? [];
  }

  /** The open project, while the engine still has it. */
  get current(): ComposeProject | null {
    return this.projects.find((p) => p.name === this.selected) ?? null;
  }

  start(): Promise<void> {
    return this.list.start();
  }

  stop(): Promise<void> {
    return this.list.stop();
  }

  refresh(): Promise<void> {
    return this.list.refresh();
  }
}
