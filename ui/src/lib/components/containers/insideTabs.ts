// The registry of the container panel's "inside" tabs, shown between Overview and Raw JSON in
// this order. One line per tab (see tabs.ts).
import type { ContainerTab } from './tabs';
import TerminalTab from '../terminal/TerminalTab.svelte';

export const insideTabs: ContainerTab[] = [
  { id: 'terminal', label: 'Terminal', view: TerminalTab, wide: true },
];
