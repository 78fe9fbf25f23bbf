// The Ports page against the fake backend: a row per port, published ones open in the browser,
// exposed-only ones say so, a taken host port is flagged, and the list is read again when
// containers change.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));
vi.mock('virtua/svelte', async () => ({
  VList: (await import('$lib/testing/PlainList.svelte')).default,
}));

import PortsView from './PortsView.svelte';
import { backend } from '$lib/testing/fake-client';
import type { PortEntry } from '$lib/ipc/client';

function port(over: Partial<PortEntry>): PortEntry {
  return {
    containerId: 'web-id',
    containerName: 'web',
    running: true,
    hostIp: '0.0.0.0',
    hostPort: 8080,
    containerPort: 80,
    protocol: 'tcp',
    published: true,
    conflict: null,
    command: 'docker port web',
    ...over,
  };
}

describe('the Ports page', () => {
  it('lists published, exposed-only and taken ports, and opens a published one', async () => {
    backend.ports = [
      port({}),
      port({ hostIp: null, hostPort: null, containerPort: 443, published: false }),
      port({
        containerId: 'db-id',
        containerName: 'db',
        running: false,
        hostPort: 5432,
        containerPort: 5432,
        conflict: 'host port 5432 is in use by another program on this machine: db would not start',
        command: 'docker port db',
      }),
    ];
    const opened: [string | null, number][] = [];
    backend.client().containers.openPort = async (ip, p) => {
      opened.push([ip, p]);
      return null;
    };
    render(PortsView);
    await waitFor(() => expect(screen.getAllByTestId('port-row')).toHaveLength(3));
    const rows = screen.getAllByTestId('port-row');
    expect(rows.map((r) => [r.dataset.name, r.dataset.hostPort, r.dataset.published])).toEqual([
      ['web', '8080', 'true'],
      ['web', '', 'false'],
      ['db', '5432', 'true'],
    ]);
    expect(within(rows[1]).getByText('exposed only')).toBeInTheDocument();
    expect(rows[2].dataset.conflict).toBe('true');
    expect(within(rows[2]).getByTestId('port-conflict').textContent).toContain('another program');
    expect(screen.getByTestId('ports-flagged').textContent).toBe('1 taken host port');
    expect(within(rows[0]).getByTestId('port-command').textContent).toBe('docker port web');

    await fireEvent.click(within(rows[0]).getByTestId('port-link'));
    expect(opened).toEqual([['0.0.0.0', 8080]]);

    await fireEvent.click(screen.getByTestId('ports-exposed'));
    await waitFor(() => expect(screen.getAllByTestId('port-row')).toHaveLength(2));
  });

  it('reads the ports again when containers change', async () => {
    backend.ports = [];
    render(PortsView);
    expect(await screen.findByTestId('ports-empty')).toBeInTheDocument();
    backend.ports = [port({})];
    backend.pushChange({ kinds: ['container'], reconcile: false, containerIds: ['web-id'] });
    await waitFor(() => expect(screen.getAllByTestId('port-row')).toHaveLength(1));
  });
});
