// The tabs of a volume's details panel. A tab is a component given the volume's name and its
// inspected details; adding one (files, backup) is one import and one entry in
// VolumeDetailsPanel's `tabs`.
import type { Component } from 'svelte';
import type { VolumeDetails } from '$lib/ipc/client';

export interface VolumeTabProps {
  /** The volume shown. */
  name: string;
  /** `docker volume inspect` of it, re-read whenever a change names it. */
  details: VolumeDetails;
  /** Opens a container's own details (from "used by"). */
  openContainer: (id: string) => void;
  [key: string]: unknown;
}

export interface VolumeTab {
  /** Stable: the tab button is `volume-tab-<id>`. */
  id: string;
  label: string;
  view: Component<VolumeTabProps>;
}
