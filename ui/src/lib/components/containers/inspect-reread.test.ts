// The inspect panel re-reads its container when a pushed change names it, and only then: a
// change to another container (or to none) costs no `docker inspect`.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { ContainerDetails, ContainerRow, Delta } from '$lib/ipc/client';

function row(id: string, name: string): ContainerRow {
  return {
    id,
    name,
    image: 'busybox',
    command: 'sh',
    createdMs: 1000,
    state: 'exited',
    status: 'Exited (0) 1 minute ago',
    exitCode: 0,
    ports: [],
    composeProject: null,
    composeService: null,
  };
}

function details(id: string, name: string): ContainerDetails {
  return {
    id,
    name,
    image: 'busybox',
    state: 'exited',
    exitCode: 0,
    oomKilled: false,
    restartCount: 0,
    startedAt: null,
    finishedAt: null,
    created: null,
    entrypoint: [],
    cmd: ['sh'],
    env: [],
    labels: [],
    mounts: [],
    ports: [],
    networks: [],
    restartPolicy: 'no',
    memoryBytes: null,
    memoryReservationBytes: null,
    memorySwapBytes: null,
    cpus: null,
    cpuShares: null,
    pidsLimit: null,
    health: null,
    hostname: 'h',
    user: '',
    workingDir: '/',
    parkedFrom: null,
    rawJson: '{}',
  } as unknown as ContainerDetails;
}

const fake = vi.hoisted(() => ({
  inspected: [] as string[],
  listeners: [] as ((d: Delta<ContainerRow>) => void)[],
}));

vi.mock('virtua/svelte', async () => ({
  VList: (await import('$lib/testing/PlainList.svelte')).default,
}));

vi.mock('$lib/ipc/client', () => ({
  engine: {
    status: async () => ({ state: 'connected' }),
    onStatus: async () => () => undefined,
    onResourcesChanged: async () => () => undefined,
  },
  containers: {
    list: async () => ({ rows: [row('c1', 'web'), row('c2', 'db')], version: 1 }),
    onChanged: async (cb: (d: Delta<ContainerRow>) => void) => {
      fake.listeners.push(cb);
      return () => undefined;
    },
    inspect: async (id: string) => {
      fake.inspected.push(id);
      return details(id, id === 'c1' ? 'web' : 'db');
    },
    command: async (_a: unknown, name: string) => `docker stop ${name}`,
    followStats: async () => ({ id: 1, cancel: async () => undefined }),
  },
}));

import ContainersView from './ContainersView.svelte';

function push(d: Delta<ContainerRow>) {
  for (const l of fake.listeners) l(d);
}

describe('the inspect panel in the containers view', () => {
  it('re-reads its container only when a change names it', async () => {
    render(ContainersView);
    const names = await screen.findAllByTestId('row-name');
    await fireEvent.click(names.find((n) => n.textContent === 'web')!);
    await screen.findByTestId('inspect-overview');
    expect(fake.inspected).toEqual(['c1']);

    // Another container changed: no re-read.
    push({
      kind: 'patch',
      upserted: [{ ...row('c2', 'db'), state: 'running' }],
      removed: [],
      version: 2,
    });
    await waitFor(() =>
      expect(screen.getAllByTestId('container-row').map((r) => r.dataset.state)).toContain(
        'running',
      ),
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.inspected).toEqual(['c1']);

    // This one changed: read again.
    push({
      kind: 'patch',
      upserted: [{ ...row('c1', 'web'), state: 'running' }],
      removed: [],
      version: 3,
    });
    await waitFor(() => expect(fake.inspected).toEqual(['c1', 'c1']));
  });
});
