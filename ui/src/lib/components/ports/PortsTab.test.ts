// The Ports tab: each published mapping as `docker port` prints it, with a link that opens it;
// exposed-only ports said apart; none → words.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { makeDetails } from '$lib/testing/fake-ipc';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import PortsTab from './PortsTab.svelte';

describe('PortsTab', () => {
  it('lists each mapping with its line and opens it on click', async () => {
    const opened: [string | null, number][] = [];
    backend.client().containers.openPort = async (ip, port) => {
      opened.push([ip, port]);
      return null;
    };
    const details = makeDetails({
      name: 'web',
      ports: [
        { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
        { hostIp: null, hostPort: null, containerPort: 443, protocol: 'tcp' },
      ],
    });
    render(PortsTab, { id: 'c1', details });
    const rows = screen.getAllByTestId('port-mapping');
    expect(rows).toHaveLength(1);
    expect(rows[0].textContent).toContain('80/tcp -> 0.0.0.0:8080');
    expect(screen.getByTestId('ports-exposed').textContent).toContain('443/tcp');
    await fireEvent.click(screen.getByTestId('port-link'));
    await waitFor(() => expect(opened).toEqual([['0.0.0.0', 8080]]));
    expect((await screen.findByTestId('port-command-text')).textContent).toContain(
      'docker port web',
    );
  });

  it('says when nothing is published', () => {
    render(PortsTab, { id: 'c2', details: makeDetails({ ports: [] }) });
    expect(screen.getByTestId('ports-none').textContent).toContain('-p 8080:80');
  });
});
