// The buttons of the Images view's toolbar (pull, load, prune…): each opens a dialog about
// images in general. Adding one is one import and one entry below (its button is
// `image-tool-<id>`).
import type { Component } from 'svelte';
import LoadDialog from '../imagefiles/LoadDialog.svelte';
import ImportDialog from '../imagefiles/ImportDialog.svelte';
import SearchDialog from '../search/SearchDialog.svelte';
import type { ImageResult } from '$lib/stores/images.svelte';
import PruneImagesDialog from './PruneImagesDialog.svelte';
import PullDialog from '../pull/PullDialog.svelte';
import RegistryBrowserDialog from '$lib/components/registries/RegistryBrowserDialog.svelte';

export interface ImageToolProps {
  onclose: () => void;
  /** Reports what was done, for the list's footer (the command and how it went). */
  ondone?: (result: ImageResult) => void;
  [key: string]: unknown;
}

export interface ImageTool {
  id: string;
  label: string;
  dialog: Component<ImageToolProps>;
}

export const imageTools: ImageTool[] = [
  { id: 'pull', label: 'Pull…', dialog: PullDialog },
  { id: 'search', label: 'Search…', dialog: SearchDialog },
  { id: 'load', label: 'Load…', dialog: LoadDialog },
  { id: 'import', label: 'Import…', dialog: ImportDialog },
  { id: 'prune', label: 'Prune…', dialog: PruneImagesDialog },
  { id: 'browse-registry', label: 'Browse a registry…', dialog: RegistryBrowserDialog },
];
