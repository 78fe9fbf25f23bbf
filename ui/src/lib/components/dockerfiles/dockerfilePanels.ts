// The panels shown as tabs beside the editor (under it in a narrow window). One line per part:
//   { id: 'problems', label: 'Problems', view: ProblemsPanel },
// A panel's view gets `{ session }` and reads or writes what it needs there; its tab is
// `dockerfile-panel-tab-<id>` and its body `dockerfile-panel-<id>`.
import type { Component } from 'svelte';
import type { DockerfileSession } from '$lib/stores/dockerfile.svelte';

export interface DockerfilePanelProps {
  session: DockerfileSession;
}

export interface DockerfilePanel {
  id: string;
  label: string;
  view: Component<DockerfilePanelProps>;
}

export const dockerfilePanels: DockerfilePanel[] = [];
