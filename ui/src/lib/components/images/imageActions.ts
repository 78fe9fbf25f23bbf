// The actions on one image: buttons in its details panel. An action is a dialog given the
// image's row; adding one is one import and one entry below (its button is
// `image-action-<id>`).
import type { Component } from 'svelte';
import type { ImageRow } from '$lib/ipc/client';
import SaveDialog from '../imagefiles/SaveDialog.svelte';
import { imageRef, type ImageResult } from '$lib/stores/images.svelte';
import { navigation } from '$lib/navigation.svelte';
import TagDialog from './TagDialog.svelte';
import RemoveDialog from './RemoveDialog.svelte';
import PushDialog from '../pull/PushDialog.svelte';

export interface ImageActionProps {
  image: ImageRow;
  /** Closes the dialog (after it is done, or when the user cancels). */
  onclose: () => void;
  /** Reports what was done, for the list's footer (the command and how it went). */
  ondone?: (result: ImageResult) => void;
  [key: string]: unknown;
}

export interface ImageAction {
  id: string;
  label: string;
  /** The dialog the action opens. */
  dialog?: Component<ImageActionProps>;
  /** Or what it does at once, with no dialog of its own (Run… opens the run form). */
  act?: (image: ImageRow) => void;
}

export const imageActions: ImageAction[] = [
  { id: 'run', label: 'Run…', act: (image) => navigation.runImage(imageRef(image)) },
  { id: 'tag', label: 'Tag…', dialog: TagDialog },
  { id: 'push', label: 'Push…', dialog: PushDialog },
  { id: 'save', label: 'Save…', dialog: SaveDialog },
  { id: 'remove', label: 'Remove…', dialog: RemoveDialog },
];
