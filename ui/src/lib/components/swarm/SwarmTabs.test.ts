// The nodes and the secrets & configs tabs against the fake backend: drain shows its
// `docker node update` line and the row reads drain; a label is added through the dialog;
// a secret is created from text (the value is not in the line shown, which reads `-`), listed,
// and the list says a secret's data is never shown; a secret in use names its service when
// removal is asked for.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import NodesTab from './NodesTab.svelte';
import ObjectsTab from './ObjectsTab.svelte';

const active = {
  state: 'active' as const,
  nodeId: 'node1',
  isManager: true,
  clusterId: 'c',
  managers: 1,
  nodes: 1,
  managerAddr: '192.168.1.10:2377',
  error: null,
};
const refresh = async () => {};

describe('swarm tabs', () => {
  beforeEach(() => backend.swarm.reset());

  it('drains a node and adds a label, each with its docker node line', async () => {
    render(NodesTab, { status: active, refresh });
    const row = await screen.findByTestId('swarm-node-row');
    await fireEvent.click(within(row).getByTestId('swarm-node-drain'));
    await waitFor(() =>
      expect(screen.getByTestId('swarm-node-row').dataset.availability).toBe('drain'),
    );
    expect(screen.getByTestId('swarm-node-done-command-text').textContent).toContain(
      'docker node update --availability drain node1',
    );
    await fireEvent.click(screen.getByTestId('swarm-node-open-labels'));
    await fireEvent.input(screen.getByTestId('swarm-node-label-key'), {
      target: { value: 'zone' },
    });
    await fireEvent.input(screen.getByTestId('swarm-node-label-value'), {
      target: { value: 'eu' },
    });
    await fireEvent.click(screen.getByTestId('swarm-node-labels-save'));
    await waitFor(() =>
      expect(screen.getByTestId('swarm-node-labels').textContent).toContain('zone=eu'),
    );
    expect(backend.swarm.nodeUpdates.map((u) => u.change.labelAdd)).toEqual([[], [['zone', 'eu']]]);
  });

  it('creates a secret from text without showing the value, and names users on remove', async () => {
    render(ObjectsTab, { status: active, refresh });
    expect(await screen.findByTestId('swarm-secret-never-shown')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('swarm-secret-open-create'));
    await fireEvent.input(screen.getByTestId('swarm-object-name'), { target: { value: 'db' } });
    await fireEvent.input(screen.getByTestId('swarm-object-text'), {
      target: { value: 'hunter2' },
    });
    await waitFor(() =>
      expect(screen.getByTestId('swarm-object-create-command-text').textContent).toContain(
        'docker secret create db -',
      ),
    );
    expect(screen.getByTestId('swarm-object-create-command-text').textContent).not.toContain(
      'hunter2',
    );
    await fireEvent.click(screen.getByTestId('swarm-object-create-submit'));
    const row = await screen.findByTestId('swarm-secret-row');
    expect(row.dataset.name).toBe('db');
    expect(backend.swarm.created[0]?.create.source).toEqual({ text: 'hunter2' });

    backend.swarm.objects.secret[0]!.usedBy = ['web'];
    await fireEvent.click(within(row).getByTestId('swarm-secret-open-remove'));
    await waitFor(() =>
      expect(screen.getByTestId('swarm-object-remove-users').textContent).toContain('web'),
    );
  });
});
