import { describe, expect, it, vi } from 'vitest';
import type { Delta, Snapshot } from '$lib/ipc/client';
import { KeptStore } from './kept.svelte';

interface Row {
  id: string;
  n: number;
}

/** A backend keeping a list: it answers loads and pushes deltas as the real one does. */
class FakeKept {
  rows: Row[] = [];
  version = 0;
  loads = 0;
  listeners: ((d: Delta<Row>) => void)[] = [];
  /** When set, a load waits for it, so deltas can arrive meanwhile. */
  gate: Promise<void> | null = null;
  failNext: string | null = null;

  source() {
    return {
      load: async (): Promise<Snapshot<Row>> => {
        this.loads++;
        const snap = { rows: [...this.rows], version: this.version };
        if (this.gate) await this.gate;
        if (this.failNext) {
          const m = this.failNext;
          this.failNext = null;
          throw new Error(m);
        }
        return snap;
      },
      listen: async (cb: (d: Delta<Row>) => void) => {
        this.listeners.push(cb);
        return () => (this.listeners = this.listeners.filter((l) => l !== cb));
      },
    };
  }

  /** Changes the kept list and sends the delta (unless `lose`: a delta that never arrives). */
  patch(upserted: Row[], removed: string[], lose = false) {
    this.rows = this.rows
      .filter((r) => !removed.includes(r.id) && !upserted.some((u) => u.id === r.id))
      .concat(upserted);
    this.version++;
    const d: Delta<Row> = { kind: 'patch', upserted, removed, version: this.version };
    if (!lose) for (const l of this.listeners) l(d);
    return d;
  }

  reset(rows: Row[]) {
    this.rows = rows;
    this.version++;
    for (const l of this.listeners) l({ kind: 'reset', rows, version: this.version });
  }
}

const ids = (s: KeptStore<Row>) => s.items.map((r) => `${r.id}${r.n}`).sort();

function make(backend: FakeKept) {
  return new KeptStore<Row>(backend.source(), (r) => r.id);
}

describe('KeptStore', () => {
  it('loads once, then applies deltas in order without asking again', async () => {
    const b = new FakeKept();
    b.rows = [{ id: 'a', n: 1 }];
    b.version = 5;
    const s = make(b);
    await s.start();
    expect(ids(s)).toEqual(['a1']);
    b.patch([{ id: 'b', n: 1 }], []);
    b.patch([{ id: 'a', n: 2 }], []);
    b.patch([], ['b']);
    expect(ids(s)).toEqual(['a2']);
    expect(s.version).toBe(8);
    expect(b.loads).toBe(1);
  });

  it('ignores a delta it already has, and reloads on a gap', async () => {
    const b = new FakeKept();
    const s = make(b);
    await s.start();
    const d = b.patch([{ id: 'a', n: 1 }], []);
    // The same delta again (or an older one) changes nothing.
    for (const l of b.listeners) l(d);
    expect(ids(s)).toEqual(['a1']);
    expect(b.loads).toBe(1);
    b.patch([{ id: 'b', n: 1 }], [], true);
    b.patch([{ id: 'c', n: 1 }], []);
    // Version 3 after 1: the list loaded again, with b.
    await vi.waitFor(() => expect(ids(s)).toEqual(['a1', 'b1', 'c1']));
    expect(b.loads).toBe(2);
    expect(s.version).toBe(3);
  });

  it('holds deltas that arrive during the load and applies the newer ones after it', async () => {
    const b = new FakeKept();
    b.rows = [{ id: 'a', n: 1 }];
    let open!: () => void;
    b.gate = new Promise((r) => (open = r));
    const s = make(b);
    const starting = s.start();
    await vi.waitFor(() => expect(b.loads).toBe(1));
    // Sent after the backend answered the load (version 0) but before the answer arrived.
    b.patch([{ id: 'a', n: 2 }], []);
    b.patch([{ id: 'z', n: 1 }], []);
    open();
    await starting;
    expect(ids(s)).toEqual(['a2', 'z1']);
    expect(b.loads).toBe(1);
  });

  it('a reset replaces the list whatever came before, and a stale reset is ignored', async () => {
    const b = new FakeKept();
    b.rows = [{ id: 'a', n: 1 }];
    const s = make(b);
    await s.start();
    b.patch([{ id: 'b', n: 1 }], [], true);
    b.reset([{ id: 'r', n: 1 }]);
    expect(ids(s)).toEqual(['r1']);
    const revision = s.revision('r');
    for (const l of b.listeners) l({ kind: 'reset', rows: [], version: 1 });
    expect(ids(s)).toEqual(['r1']);
    expect(s.revision('r')).toBe(revision);
    expect(b.loads).toBe(1);
  });

  it('says a failed load, and the next delta brings the list back', async () => {
    const b = new FakeKept();
    b.rows = [{ id: 'a', n: 1 }];
    b.failNext = 'engine gone';
    const s = make(b);
    await s.start();
    expect(s.error).toBe('engine gone');
    expect(s.loaded).toBe(false);
    // Nothing to patch: it loads the whole list instead.
    b.patch([{ id: 'b', n: 1 }], []);
    await vi.waitFor(() => expect(ids(s)).toEqual(['a1', 'b1']));
    expect(s.error).toBeNull();
    expect(b.loads).toBe(2);
  });

  it('moves the revision of just the rows a delta names', async () => {
    const b = new FakeKept();
    b.rows = [
      { id: 'a', n: 1 },
      { id: 'b', n: 1 },
    ];
    const s = make(b);
    await s.start();
    const [a, bb] = [s.revision('a'), s.revision('b')];
    b.patch([{ id: 'a', n: 2 }], []);
    expect(s.revision('a')).toBe(a + 1);
    expect(s.revision('b')).toBe(bb);
    b.patch([], ['b']);
    expect(s.revision('b')).toBe(bb + 1);
  });

  it('stops listening when stopped', async () => {
    const b = new FakeKept();
    const s = make(b);
    await s.start();
    s.stop();
    expect(b.listeners).toHaveLength(0);
  });
});
