import { describe, expect, it, vi, beforeEach } from 'vitest';
import type { ContainerRow, Delta } from '$lib/ipc/client';

const fake = vi.hoisted(() => ({
  list: [] as ContainerRow[],
  acted: [] as { id: string; kind: string; seen: string | null }[],
  fail: null as string | null,
  commandFail: null as string | null,
  previews: [] as string[][],
  listFail: null as string | null,
  version: 1,
  /** When set, listening waits for it (the view may close meanwhile). */
  listenGate: null as Promise<void> | null,
  unlistened: 0,
  listCalls: 0,
  deltaListeners: [] as ((d: Delta<ContainerRow>) => void)[],
}));

// The one fake client, with the containers area answering from `fake` above: the store's
// tests steer failures, slow listeners and counts that the shared fake does not model.
vi.mock('$lib/ipc/client', async () => {
  const { FakeBackend } = await import('$lib/testing/fake-ipc');
  const api = new FakeBackend().client();
  api.containers.onChanged = async (cb) => {
    if (fake.listenGate) await fake.listenGate;
    fake.deltaListeners.push(cb);
    return () => {
      fake.unlistened++;
    };
  };
  api.containers.list = async () => {
    fake.listCalls++;
    if (fake.listFail) throw new Error(fake.listFail);
    return { rows: fake.list, version: fake.version };
  };
  api.containers.actionPreview = async (a, names) => {
    fake.previews.push(names);
    if (fake.commandFail) throw new Error(fake.commandFail);
    return { commands: names.map((name) => `docker ${a.kind} ${name}`), problem: null };
  };
  api.containers.act = async (id, a, seen) => {
    fake.acted.push({ id, kind: a.kind, seen });
    if (fake.fail) throw new Error(fake.fail);
    // The backend names the container as the list shows it.
    const name = fake.list.find((r) => r.id === id)?.name ?? id;
    return { exitCode: null, command: `docker ${a.kind} ${name}` };
  };
  return api;
});

import { ContainersStore, idsDigest } from './containers.svelte';
import { makeRow } from '$lib/testing/fake-ipc';

const row = makeRow;

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
  fake.previews = [];
  fake.listFail = null;
  fake.version = 1;
  fake.listenGate = null;
  fake.unlistened = 0;
  fake.deltaListeners = [];
  fake.listCalls = 0;
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

  it('applies a pushed delta without asking again, and forgets selections of removed containers', async () => {
    const s = new ContainersStore();
    await s.start();
    s.selected.b2 = true;
    expect(s.selectedIds).toEqual(['b2']);
    fake.deltaListeners[0]({ kind: 'patch', upserted: [], removed: ['b2'], version: 2 });
    expect(s.items.map((c) => c.id)).toEqual(['a1', 'c3']);
    expect(s.selectedIds).toEqual([]);
    expect(fake.listCalls).toBe(1);
  });

  it('patches the rows a delta names and replaces the list on a reset', async () => {
    const s = new ContainersStore();
    await s.start();
    const before = { a1: s.revision('a1'), c3: s.revision('c3') };
    fake.deltaListeners[0]({
      kind: 'patch',
      upserted: [
        row({ id: 'a1', name: 'web', composeProject: 'shop', state: 'exited', createdMs: 3 }),
        row({ id: 'new', name: 'fresh', createdMs: 9 }),
      ],
      removed: ['b2'],
      version: 2,
    });
    expect(s.items.map((c) => c.id).sort()).toEqual(['a1', 'c3', 'new']);
    expect(s.byId('a1')?.state).toBe('exited');
    expect(s.lines[0]).toMatchObject({ kind: 'group', running: 0, total: 1 });
    // A view showing a1 re-reads it; one showing c3 does not.
    expect(s.revision('a1')).toBeGreaterThan(before.a1);
    expect(s.revision('c3')).toBe(before.c3);
    fake.deltaListeners[0]({ kind: 'reset', rows: [row({ id: 'z9', name: 'only' })], version: 3 });
    expect(s.items.map((c) => c.id)).toEqual(['z9']);
    expect(s.revision('c3')).toBeGreaterThan(before.c3);
    expect(fake.listCalls).toBe(1);
  });

  it('runs actions with the state the user saw and records command and outcome', async () => {
    const s = new ContainersStore();
    await s.start();
    const ok = await s.run(['c3'], { kind: 'remove', force: false, volumes: false });
    expect(fake.acted).toEqual([{ id: 'c3', kind: 'remove', seen: 'paused' }]);
    expect(ok[0]).toMatchObject({ ok: true, command: 'docker remove loose' });
    fake.fail = "A paused container can't be removed";
    const bad = await s.run(['c3'], { kind: 'remove', force: false, volumes: false });
    expect(bad[0]).toMatchObject({
      ok: false,
      command: 'docker remove loose',
      message: "A paused container can't be removed",
    });
    expect(s.results[0].ok).toBe(false);
  });

  it('asks no preview when every action succeeds, and one for all the targets that failed', async () => {
    const s = new ContainersStore();
    await s.start();
    const ok = await s.run(['a1', 'c3'], { kind: 'start' });
    expect(ok.map((r) => r.command).sort()).toEqual(['docker start loose', 'docker start web']);
    expect(fake.previews).toEqual([]);

    fake.fail = 'the engine refused';
    const bad = await s.run(['a1', 'c3'], { kind: 'start' });
    expect(fake.previews).toHaveLength(1);
    expect([...fake.previews[0]].sort()).toEqual(['loose', 'web']);
    expect(bad.map((r) => [r.ok, r.command]).sort()).toEqual([
      [false, 'docker start loose'],
      [false, 'docker start web'],
    ]);

    // Without the lines, a failure still says what went wrong.
    fake.commandFail = 'invoke failed';
    const worse = await s.run(['a1'], { kind: 'start' });
    expect(worse[0]).toMatchObject({ ok: false, command: '', message: 'the engine refused' });
    expect(s.anyBusy(['a1', 'c3'])).toBe(false);
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

  it('after a failed load it says so, and the reset after a reconnect mends it', async () => {
    fake.listFail = 'engine gone';
    const s = new ContainersStore();
    await s.start();
    expect(s.error).toBe('engine gone');
    expect(s.loaded).toBe(false);
    fake.deltaListeners[0]({ kind: 'reset', rows: fake.list, version: 4 });
    expect(s.error).toBeNull();
    expect(s.loaded).toBe(true);
    expect(s.items).toHaveLength(3);
    expect(fake.listCalls).toBe(1);
  });

  it('digests the ids it holds, whatever their order', async () => {
    const s = new ContainersStore();
    await s.start();
    expect(s.digest).toBe(idsDigest(['c3', 'b2', 'a1']));
    // FNV-1a of "a\n", as the benchmark computes it.
    expect(idsDigest(['a'])).toBe('2524c6d2');
    fake.deltaListeners[0]({ kind: 'patch', upserted: [], removed: ['b2'], version: 2 });
    expect(s.digest).toBe(idsDigest(['a1', 'c3']));
    expect(s.digest).not.toBe(idsDigest(['a1', 'b2', 'c3']));
  });
});
