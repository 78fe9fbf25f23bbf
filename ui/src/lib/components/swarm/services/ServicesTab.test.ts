// The Services tab over the fake backend: the list's words (replicas with their health, ports
// with their mode), the empty state, the detail's tasks grouped by slot with history on demand,
// and the scale and remove dialogs showing their line before they act.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));
// jsdom lays nothing out, so the virtualised list would render no rows: render them all.
vi.mock('virtua/svelte', async () => ({
  VList: (await import('$lib/testing/PlainList.svelte')).default,
}));

import { backend } from '$lib/testing/fake-client';
import { makeServiceRow, makeTask } from '$lib/testing/fake-services';
import ServicesTab from './ServicesTab.svelte';

const status = {
  state: 'active',
  nodeId: 'node1',
  isManager: true,
  clusterId: 'c1',
  managers: 1,
  nodes: 1,
  managerAddr: '127.0.0.1:2377',
  error: null,
} as never;

describe('ServicesTab', () => {
  it('explains services and tasks when there are none', async () => {
    backend.services.rows = [];
    render(ServicesTab, { status });
    const empty = await screen.findByTestId('services-empty');
    expect(empty.textContent).toContain('tasks');
  });

  it('lists replicas as running/desired with their health and ports with their mode', async () => {
    backend.services.rows = [
      makeServiceRow({ id: 'a', name: 'web', desired: 3, running: 2 }),
      makeServiceRow({
        id: 'b',
        name: 'agent',
        mode: 'global',
        desired: null,
        running: 1,
        ports: [],
      }),
    ];
    render(ServicesTab, { status });
    const rows = await screen.findAllByTestId('service-row');
    expect(rows.map((r) => r.dataset.name)).toEqual(['agent', 'web']);
    const web = within(rows[1]);
    expect(web.getByTestId('service-row-replicas').textContent).toContain('2/3');
    expect(web.getByTestId('service-row-replicas').dataset.health).toBe('short');
    expect(web.getByTestId('service-row-ports').textContent).toBe('8080→80/tcp (ingress)');
    expect(within(rows[0]).getByTestId('service-row-replicas').textContent).toContain('1 (global)');
  });

  it('shows a service’s tasks by slot, the replaced ones only with history', async () => {
    backend.services.rows = [makeServiceRow({ id: 'a', name: 'web' })];
    backend.services.tasks = [
      makeTask({
        id: 't1',
        serviceId: 'a',
        slot: 1,
        createdAt: Date.parse('2026-01-01T11:00:00Z'),
      }),
      makeTask({
        id: 't0',
        serviceId: 'a',
        slot: 1,
        state: 'shutdown',
        desiredState: 'shutdown',
        createdAt: Date.parse('2026-01-01T10:00:00Z'),
      }),
      makeTask({ id: 't2', serviceId: 'a', slot: 2 }),
    ];
    render(ServicesTab, { status });
    await fireEvent.click(await screen.findByTestId('service-row-name'));
    const tasks = await screen.findByTestId('service-tasks');
    await waitFor(() => expect(tasks.dataset.running).toBe('2'));
    expect(screen.getAllByTestId('service-task').map((t) => t.dataset.id)).toEqual(['t1', 't2']);
    expect(screen.queryAllByTestId('service-task-past')).toHaveLength(0);
    expect(screen.getByTestId('service-tasks-command-text').textContent).toContain(
      'docker service ps --filter desired-state=running web',
    );

    await fireEvent.click(screen.getByTestId('service-tasks-history'));
    await waitFor(() =>
      expect(screen.getAllByTestId('service-task-past').map((t) => t.dataset.id)).toEqual(['t0']),
    );
    expect(backend.services.taskCalls.at(-1)).toEqual({ serviceId: 'a', history: true });
  });

  it('scales with the line shown first', async () => {
    backend.services.rows = [makeServiceRow({ id: 'a', name: 'web', desired: 2 })];
    render(ServicesTab, { status });
    await fireEvent.click(await screen.findByTestId('service-row-name'));
    await fireEvent.click(await screen.findByTestId('service-scale'));
    const input = screen.getByTestId('service-scale-replicas');
    await fireEvent.input(input, { target: { value: '3' } });
    await waitFor(() =>
      expect(screen.getByTestId('service-scale-command-text').textContent).toContain(
        'docker service scale web=3',
      ),
    );
    expect(backend.services.scales).toEqual([]);
    await fireEvent.click(screen.getByTestId('service-scale-confirm'));
    await waitFor(() => expect(backend.services.scales).toEqual([{ id: 'a', replicas: 3 }]));
    await waitFor(() => expect(screen.queryByTestId('service-scale-dialog')).toBeNull());
    expect(screen.getByTestId('action-footer').textContent).toContain('docker service scale web=3');
  });

  it('lists the service and its tasks before removing it', async () => {
    backend.services.rows = [makeServiceRow({ id: 'a', name: 'web' })];
    backend.services.tasks = [
      makeTask({ id: 't1', serviceId: 'a', slot: 1 }),
      makeTask({ id: 't2', serviceId: 'a', slot: 2 }),
    ];
    render(ServicesTab, { status });
    await fireEvent.click(await screen.findByTestId('service-row-name'));
    await fireEvent.click(await screen.findByTestId('service-remove'));
    await waitFor(() => expect(screen.getAllByTestId('service-remove-item')).toHaveLength(3));
    const kinds = screen.getAllByTestId('service-remove-item').map((i) => i.dataset.kind);
    expect(kinds).toEqual(['service', 'task', 'task']);
    expect(screen.getByTestId('service-remove-command-text').textContent).toContain(
      'docker service rm web',
    );
    expect(backend.services.removes).toEqual([]);
    await fireEvent.click(screen.getByTestId('service-remove-confirm'));
    await waitFor(() => expect(backend.services.removes).toEqual(['a']));
    await waitFor(() => expect(screen.queryByTestId('service-detail')).toBeNull());
  });

  it('says a worker cannot list services', async () => {
    backend.services.rows = [];
    render(ServicesTab, { status: { ...(status as object), isManager: false } as never });
    expect(await screen.findByTestId('services-not-manager')).toBeInTheDocument();
    expect(screen.getByTestId('service-new')).toBeDisabled();
  });
});
