// The registry of the container panel's "inside" tabs, shown between Overview and Raw JSON in
// this order. One line per tab (see tabs.ts).
import type { ContainerTab } from './tabs';
import LogsTab from '../logs/LogsTab.svelte';
import TerminalTab from '../terminal/TerminalTab.svelte';
import StatsTab from '../stats/StatsTab.svelte';
import ProcessesTab from '../processes/ProcessesTab.svelte';
import ContainerFiles from '../files/ContainerFiles.svelte';
import ChangesTab from '../changes/ChangesTab.svelte';
import PortsTab from '../ports/PortsTab.svelte';
import NamespacesTab from '../namespaces/NamespacesTab.svelte';

export const insideTabs: ContainerTab[] = [
  { id: 'logs', label: 'Logs', view: LogsTab, wide: true },
  { id: 'terminal', label: 'Terminal', view: TerminalTab, wide: true, keepAlive: true },
  { id: 'stats', label: 'Stats', view: StatsTab, wide: true },
  { id: 'processes', label: 'Processes', view: ProcessesTab, wide: true },
  { id: 'files', label: 'Files', view: ContainerFiles, wide: true },
  { id: 'changes', label: 'Changes', view: ChangesTab, wide: true },
  { id: 'ports', label: 'Ports', view: PortsTab },
  { id: 'namespaces', label: 'Namespaces & cgroups', view: NamespacesTab, wide: true },
];
