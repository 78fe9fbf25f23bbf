// The tabs of a container's details panel that look inside it (logs, terminal, stats,
// processes, changes, files, namespaces). A tab is a component given the container's id and
// its inspected details; adding one is one import and one entry in `insideTabs.ts`.
import type { Component } from 'svelte';
import type { ContainerDetails } from '$lib/ipc/client';

export interface ContainerTabProps {
  /** The container shown. */
  id: string;
  /** `docker inspect` of it, re-read whenever a change names it (its state moves). */
  details: ContainerDetails;
  [key: string]: unknown;
}

export interface ContainerTab {
  /** Stable: the tab button is `inspect-tab-<id>`, its body `inspect-body-<id>`. */
  id: string;
  label: string;
  view: Component<ContainerTabProps>;
  /** A tab that needs room (logs, a terminal): the panel widens over the list while it is
   *  shown, and the tab's body fills the panel's height so the tab scrolls inside itself. */
  wide?: boolean;
  /** A tab whose work must outlive a look at another tab (a terminal's sessions): once
   *  opened it stays mounted, hidden while another tab is shown, until the panel closes or
   *  shows another container. */
  keepAlive?: boolean;
}
