// The registry of the container panel's "inside" tabs, shown between Overview and Raw JSON in
// this order. One line per tab (see tabs.ts).
import type { ContainerTab } from './tabs';
import ContainerFiles from '../files/ContainerFiles.svelte';

export const insideTabs: ContainerTab[] = [
  { id: 'files', label: 'Files', view: ContainerFiles, wide: true },
];
