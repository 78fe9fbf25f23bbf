// The buttons of the Images view's toolbar (pull, load, prune…): each opens a dialog about
// images in general. Adding one is one import and one entry below (its button is
// `image-tool-<id>`).
import type { Component } from 'svelte';

export interface ImageToolProps {
  onclose: () => void;
  [key: string]: unknown;
}

export interface ImageTool {
  id: string;
  label: string;
  dialog: Component<ImageToolProps>;
}

export const imageTools: ImageTool[] = [];
