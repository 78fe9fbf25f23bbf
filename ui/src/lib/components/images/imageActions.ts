// The actions on one image: buttons in its details panel. An action is a dialog given the
// image's row; adding one is one import and one entry below (its button is
// `image-action-<id>`).
import type { Component } from 'svelte';
import type { ImageRow } from '$lib/ipc/client';

export interface ImageActionProps {
  image: ImageRow;
  /** Closes the dialog (after it is done, or when the user cancels). */
  onclose: () => void;
  [key: string]: unknown;
}

export interface ImageAction {
  id: string;
  label: string;
  dialog: Component<ImageActionProps>;
}

export const imageActions: ImageAction[] = [];
