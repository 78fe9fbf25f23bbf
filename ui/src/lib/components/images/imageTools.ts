// The buttons of the Images view's toolbar (pull, load, prune…): each opens a dialog about
// images in general. Adding one is one import and one entry below (its button is
// `image-tool-<id>`).
import type { Component } from 'svelte';
import RegistryBrowserDialog from '$lib/components/registries/RegistryBrowserDialog.svelte';

export interface ImageToolProps {
  onclose: () => void;
  [key: string]: unknown;
}

export interface ImageTool {
  id: string;
  label: string;
  dialog: Component<ImageToolProps>;
}

export const imageTools: ImageTool[] = [
  { id: 'browse-registry', label: 'Browse a registry…', dialog: RegistryBrowserDialog },
];
