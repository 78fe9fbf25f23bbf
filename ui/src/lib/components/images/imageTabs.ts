// The tabs of an image's details panel. A tab is a component given the image's row; adding
// one is one import and one entry below (its button is `image-tab-<id>`, its body
// `image-body-<id>`).
import type { Component } from 'svelte';
import type { ImageRow } from '$lib/ipc/client';
import OverviewTab from './OverviewTab.svelte';
import JsonTab from './JsonTab.svelte';
import HistoryTab from '../layers/HistoryTab.svelte';
import LayersTab from '../layers/LayersTab.svelte';

export interface ImageTabProps {
  /** The image shown, as the kept list has it now (it moves when a change names it). */
  image: ImageRow;
  [key: string]: unknown;
}

export interface ImageTab {
  id: string;
  label: string;
  view: Component<ImageTabProps>;
  /** A tab that needs room (the layer explorer): the panel widens over the list while it is
   *  shown, as a container's wide tabs do. */
  wide?: boolean;
}

export const imageTabs: ImageTab[] = [
  { id: 'overview', label: 'Overview', view: OverviewTab },
  { id: 'json', label: 'JSON', view: JsonTab },
  { id: 'history', label: 'History', view: HistoryTab, wide: true },
  { id: 'layers', label: 'Layers', view: LayersTab, wide: true },
];
