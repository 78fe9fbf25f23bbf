// The panels shown as tabs beside the editor (under it in a narrow window). One line per part:
//   { id: 'problems', label: 'Problems', view: ProblemsPanel },
// A panel's view gets `{ session }` and reads or writes what it needs there; its tab is
// `dockerfile-panel-tab-<id>` and its body `dockerfile-panel-<id>`.
import type { Component } from 'svelte';
import type { DockerfileSession } from '$lib/stores/dockerfile.svelte';
import BuildPanel from './BuildPanel.svelte';
import ContextPanel from './ContextPanel.svelte';
import LayersPanel from './LayersPanel.svelte';
import WhatRunsPanel from './WhatRunsPanel.svelte';
import ProblemsPanel, { problemsLabel } from './ProblemsPanel.svelte';

export interface DockerfilePanelProps {
  session: DockerfileSession;
}

export interface DockerfilePanel {
  id: string;
  /** The tab's text; a function for a label that counts something (`Problems (3)`). */
  label: string | ((session: DockerfileSession) => string);
  view: Component<DockerfilePanelProps>;
}

export const dockerfilePanels: DockerfilePanel[] = [
  { id: 'problems', label: problemsLabel, view: ProblemsPanel },
  { id: 'runs', label: 'What will run', view: WhatRunsPanel },
  { id: 'context', label: 'Context', view: ContextPanel },
  { id: 'build', label: 'Build', view: BuildPanel },
  { id: 'layers', label: 'Layers', view: LayersPanel },
];
