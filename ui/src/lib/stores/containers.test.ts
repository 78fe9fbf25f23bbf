import { describe, expect, it, vi, beforeEach } from 'vitest';
import type { ContainerRow } from '$lib/ipc/client';

const fake = vi.hoisted(() => ({
  list: [] as ContainerRow[],
  acted: [] as { id: string; kind: string; seen: string | null }[],
  fail: null as string | null,
  listCalls: 0,
  byIdCalls: [] as string[][],
  changeListeners: [] as ((c: {
    kinds: string[];
    reconcile: boolean;
    containerIds: string[] | null;
  }) => void)[],
}));

vi.mock('$lib/ipc/client', () => ({
  engine: {
    onResourcesChanged: async (
      cb: (c: { kinds: string[]; reconcile: boolean; containerIds: string[] | null }) => void,
    ) => {
      fake.changeListeners.push(cb);
      return () => {};
    },
  },
  containers: {
    list: async () => {
      fake.listCalls++;
      return fake.list;
    },
    listById: async (ids: string[]) => {
      fake.byIdCalls.push(ids);
      return fake.list.filter((c) => ids.includes(c.id));
    },
    command: async (a: { kind: string }, name: string) => `docker ${a.kind} ${name}`,
    act: async (id: string, a: { kind: string }, seen: string | null) => {
      fake.acted.push({ id, kind: a.kind, seen });
      if (fake.fail) throw new Error(fake.fail);
      return { exitCode: null };
    },
  },
}));

import { ContainersStore } from './containers.svelte';

function row(over: Partial<ContainerRow>): ContainerRow {
  return {
    id: 'id',
    name: 'name',
    image: 'busybox',
    command: 'sh',
    createdMs: 1000,
    state: 'running',
    status: 'Up 1 minute',
    exitCode: null,
    ports: [],
    composeProject: null,
    composeService: null,
    ...over,
  };
}

beforeEach(() => {
  fake.list = [
    row({ id: 'a1', name: 'web', composeProject: 'shop', createdMs: 3 }),
    row({
      id: 'b2',
      name: 'db',
      composeProject: 'shop',
      state: 'exited',
      exitCode: 1,
      createdMs: 2,
    }),
    row({ id: 'c3', name: 'loose', image: 'nginx', state: 'paused', createdMs: 1 }),
  ];
  fake.acted = [];
  fake.fail = null;
  fake.changeListeners = [];
  fake.listCalls = 0;
  fake.byIdCalls = [];
});

describe('ContainersStore', () => {
  it('groups compose projects with their counts, and collapses them', async () => {
    const s = new ContainersStore();
    await s.start();
    const kinds = s.lines.map((l) =>
      l.kind === 'group' ? `group:${l.project}:${l.running}/${l.total}` : l.row.name,
    );
    expect(kinds).toEqual(['group:shop:1/2', 'db', 'web', 'loose']);
    s.collapsed.shop = true;
    expect(s.lines.map((l) => l.key)).toEqual(['group:shop', 'c3']);
    s.groupByProject = false;
    expect(s.lines.map((l) => l.key)).toEqual(['a1', 'b2', 'c3']);
  });

  it('filters by text and by running only', async () => {
    const s = new ContainersStore();
    await s.start();
    s.filter = 'nginx';
    expect(s.visible.map((c) => c.name)).toEqual(['loose']);
    s.filter = 'SHOP';
    expect(s.visible.map((c) => c.name)).toEqual(['web', 'db']);
    s.filter = '';
    s.showAll = false;
    expect(s.visible.map((c) => c.name)).toEqual(['web']);
  });

  it('refetches on container changes and forgets selections of removed containers', async () => {
    const s = new ContainersStore();
    await s.start();
    s.selected.b2 = true;
    expect(s.selectedIds).toEqual(['b2']);
    fake.list = fake.list.filter((c) => c.id !== 'b2');
    fake.changeListeners[0]({ kinds: ['image'], reconcile: false, containerIds: null });
    await Promise.resolve();
    expect(s.items).toHaveLength(3);
    fake.changeListeners[0]({ kinds: ['container'], reconcile: false, containerIds: null });
    await vi.waitFor(() => expect(s.items).toHaveLength(2));
    expect(s.selectedIds).toEqual([]);
  });

  it('patches just the containers a notice names, and refetches all on a reconcile', async () => {
    const s = new ContainersStore();
    await s.start();
    expect(fake.listCalls).toBe(1);
    fake.list = [
      row({ id: 'a1', name: 'web', composeProject: 'shop', state: 'exited', createdMs: 3 }),
      row({ id: 'new', name: 'fresh', createdMs: 9 }),
      ...fake.list.filter((c) => c.id === 'c3'),
    ];
    fake.changeListeners[0]({
      kinds: ['container', 'image'],
      reconcile: false,
      containerIds: ['a1', 'b2', 'new'],
    });
    await vi.waitFor(() => expect(s.items.map((c) => c.id).sort()).toEqual(['a1', 'c3', 'new']));
    expect(fake.byIdCalls).toEqual([['a1', 'b2', 'new']]);
    expect(fake.listCalls).toBe(1);
    expect(s.byId('a1')?.state).toBe('exited');
    expect(s.lines[0]).toMatchObject({ kind: 'group', running: 0, total: 1 });
    fake.changeListeners[0]({ kinds: [], reconcile: true, containerIds: null });
    await vi.waitFor(() => expect(fake.listCalls).toBe(2));
  });

  it('runs actions with the state the user saw and records command and outcome', async () => {
    const s = new ContainersStore();
    await s.start();
    const ok = await s.run(['c3'], { kind: 'remove', force: false, volumes: false });
    expect(fake.acted).toEqual([{ id: 'c3', kind: 'remove', seen: 'paused' }]);
    expect(ok[0]).toMatchObject({ ok: true, command: 'docker remove loose' });
    fake.fail = "A paused container can't be removed";
    const bad = await s.run(['c3'], { kind: 'remove', force: false, volumes: false });
    expect(bad[0]).toMatchObject({ ok: false, message: "A paused container can't be removed" });
    expect(s.results[0].ok).toBe(false);
  });
});
