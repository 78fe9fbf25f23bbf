import { describe, expect, it, vi, beforeEach } from 'vitest';
import type { ContainerRow } from '$lib/ipc/client';

const fake = vi.hoisted(() => ({
  list: [] as ContainerRow[],
  acted: [] as { id: string; kind: string; seen: string | null }[],
  fail: null as string | null,
  commandFail: null as string | null,
  byIdFail: null as string | null,
  /** When set, listening waits for it (the view may close meanwhile). */
  listenGate: null as Promise<void> | null,
  unlistened: 0,
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
      if (fake.listenGate) await fake.listenGate;
      fake.changeListeners.push(cb);
      return () => {
        fake.unlistened++;
      };
    },
  },
  containers: {
    list: async () => {
      fake.listCalls++;
      return fake.list;
    },
    listById: async (ids: string[]) => {
      fake.byIdCalls.push(ids);
      if (fake.byIdFail) throw new Error(fake.byIdFail);
      return fake.list.filter((c) => ids.includes(c.id));
    },
    actionPreview: async (a: { kind: string }, names: string[]) => {
      if (fake.commandFail) throw new Error(fake.commandFail);
      return { commands: names.map((name) => `docker ${a.kind} ${name}`), problem: null };
    },
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
  fake.commandFail = null;
  fake.byIdFail = null;
  fake.listenGate = null;
  fake.unlistened = 0;
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
    expect(fake.listCalls).toBe(1);
    // A fetch is counted the moment it is asked for: none for an image-only notice.
    fake.changeListeners[0]({ kinds: ['image'], reconcile: false, containerIds: null });
    expect(fake.listCalls).toBe(1);
    await new Promise<void>((r) => setTimeout(r, 0));
    expect(fake.listCalls).toBe(1);
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

  it('records a failure to build the command as that container failing, not all of them', async () => {
    const s = new ContainersStore();
    await s.start();
    fake.commandFail = 'invoke failed';
    const out = await s.run(['a1', 'c3'], { kind: 'start' });
    expect(out.map((r) => [r.id, r.ok, r.message])).toEqual([
      ['a1', false, 'invoke failed'],
      ['c3', false, 'invoke failed'],
    ]);
    expect(s.anyBusy(['a1', 'c3'])).toBe(false);
    expect(s.results).toHaveLength(2);
  });

  it('marks every container of a bulk action busy until its own action ends', async () => {
    const s = new ContainersStore();
    await s.start();
    const running = s.run(['a1', 'b2', 'c3'], { kind: 'start' });
    expect(s.anyBusy(['b2'])).toBe(true);
    await running;
    expect(s.anyBusy(['a1', 'b2', 'c3'])).toBe(false);
  });

  it('drops a listener that arrives after the view closed', async () => {
    let open!: () => void;
    fake.listenGate = new Promise((r) => (open = r));
    const s = new ContainersStore();
    const starting = s.start();
    s.stop();
    open();
    await starting;
    expect(fake.unlistened).toBe(1);
    expect(fake.listCalls).toBe(0);
  });

  it('after a failed patch it says the list may be stale and refetches it whole next time', async () => {
    const s = new ContainersStore();
    await s.start();
    fake.byIdFail = 'engine gone';
    fake.changeListeners[0]({ kinds: ['container'], reconcile: false, containerIds: ['a1'] });
    await vi.waitFor(() => expect(s.error).toBe('engine gone'));
    expect(s.loaded).toBe(true);
    fake.byIdFail = null;
    fake.changeListeners[0]({ kinds: ['container'], reconcile: false, containerIds: ['c3'] });
    await vi.waitFor(() => expect(s.error).toBeNull());
    expect(fake.listCalls).toBe(2);
  });
});
