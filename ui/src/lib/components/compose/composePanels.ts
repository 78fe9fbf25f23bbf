// The panels shown as tabs beside the compose editor (under it in a narrow window). One line
// per part:
//   { id: 'problems', label: composeProblemsLabel, view: ComposeProblemsPanel },
// A panel's view gets `{ session }` and reads or writes what it needs there; its tab is
// `compose-panel-tab-<id>` and its body `compose-panel-<id>`.
import type { Component } from 'svelte';
import type { ComposeSession } from '$lib/stores/compose.svelte';
import ComposeProblemsPanel, { composeProblemsLabel } from './ComposeProblemsPanel.svelte';
import ConfigPanel from './ConfigPanel.svelte';
import FormPanel from './form/FormPanel.svelte';
import RunPanel from './RunPanel.svelte';
import DeployPanel from '../swarm/stacks/DeployPanel.svelte';

export interface ComposePanelProps {
  session: ComposeSession;
}

export interface ComposePanel {
  id: string;
  /** The tab's text; a function for a label that counts something (`Problems (3)`). */
  label: string | ((session: ComposeSession) => string);
  view: Component<ComposePanelProps>;
}

export const composePanels: ComposePanel[] = [
  { id: 'problems', label: composeProblemsLabel, view: ComposeProblemsPanel },
  { id: 'config', label: 'Resolved', view: ConfigPanel },
  { id: 'form', label: 'Form', view: FormPanel },
  { id: 'run', label: 'Run', view: RunPanel },
  { id: 'deploy', label: 'Swarm', view: DeployPanel },
];
