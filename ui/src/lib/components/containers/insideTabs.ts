// The registry of the container panel's "inside" tabs, shown between Overview and Raw JSON in
// this order. One line per tab (see tabs.ts).
import type { ContainerTab } from './tabs';
import StatsTab from '../stats/StatsTab.svelte';

export const insideTabs: ContainerTab[] = [
  { id: 'stats', label: 'Stats', view: StatsTab, wide: true },
];
