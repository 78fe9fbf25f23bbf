// The tabs of an image's details panel. A tab is a component given the image's row; adding
// one is one import and one entry below (its button is `image-tab-<id>`, its body
// `image-body-<id>`).
import type { Component } from 'svelte';
import type { ImageRow } from '$lib/ipc/client';
import OverviewTab from './OverviewTab.svelte';
import JsonTab from './JsonTab.svelte';

export interface ImageTabProps {
  /** The image shown, as the kept list has it now (it moves when a change names it). */
  image: ImageRow;
  [key: string]: unknown;
}

export interface ImageTab {
  id: string;
  label: string;
  view: Component<ImageTabProps>;
}

export const imageTabs: ImageTab[] = [
  { id: 'overview', label: 'Overview', view: OverviewTab },
  { id: 'json', label: 'JSON', view: JsonTab },
];
