// The registry of the container panel's "inside" tabs, shown between Overview and Raw JSON in
// this order. One line per tab (see tabs.ts).
import type { ContainerTab } from './tabs';
import NamespacesTab from '../namespaces/NamespacesTab.svelte';

export const insideTabs: ContainerTab[] = [
  { id: 'namespaces', label: 'Namespaces & cgroups', view: NamespacesTab, wide: true },
];
