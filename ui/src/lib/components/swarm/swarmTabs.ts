// The Swarm section's tabs, in order. One line per part:
//   { id: 'services', label: 'Services', view: ServicesTab },
// A tab's view gets `{ status, refresh }` (the swarm as the engine last said, and a way to
// read it again after an action that changes it); its tab button is
// `swarm-tab-<id>` and its body `swarm-panel-<id>`. When the engine is not in a swarm only the
// tabs marked `outside` show (the overview, with init).
// Services (h3: `services/ServicesTab.svelte`) and stacks (h4: `stacks/StacksTab.svelte`) add
// their line between nodes and secrets.
import type { Component } from 'svelte';
import type { SwarmStatus } from '$lib/ipc/client';
import SwarmOverview from './SwarmOverview.svelte';
import NodesTab from './NodesTab.svelte';
import ObjectsTab from './ObjectsTab.svelte';
import ServicesTab from './services/ServicesTab.svelte';
import StacksTab from './stacks/StacksTab.svelte';

export interface SwarmTabProps {
  status: SwarmStatus;
  /** Reads the status again (after init, leave, a node change). */
  refresh: () => Promise<void>;
}

export interface SwarmTab {
  id: string;
  label: string;
  view: Component<SwarmTabProps>;
  /** Shown when the engine is not in a swarm too. */
  outside?: boolean;
}

export const swarmTabs: SwarmTab[] = [
  { id: 'overview', label: 'Overview', view: SwarmOverview, outside: true },
  { id: 'nodes', label: 'Nodes', view: NodesTab },
  { id: 'services', label: 'Services', view: ServicesTab },
  { id: 'stacks', label: 'Stacks', view: StacksTab },
  { id: 'secrets', label: 'Secrets & configs', view: ObjectsTab },
];

/** The tabs to show for a status: all in a swarm, the overview only outside one. */
export function tabsFor(status: SwarmStatus | null, tabs: SwarmTab[] = swarmTabs): SwarmTab[] {
  const inSwarm = status != null && status.state !== 'inactive';
  return tabs.filter((t) => inSwarm || t.outside);
}
