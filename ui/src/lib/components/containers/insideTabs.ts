// The registry of the container panel's "inside" tabs, shown between Overview and Raw JSON in
// this order. One line per tab (see tabs.ts).
import type { ContainerTab } from './tabs';
import LogsTab from '../logs/LogsTab.svelte';

export const insideTabs: ContainerTab[] = [
  { id: 'logs', label: 'Logs', view: LogsTab, wide: true },
];
