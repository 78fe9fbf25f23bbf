import { describe, expect, it } from 'vitest';
import { groupBySlot, portText, replicaHealth, replicasText, toMs } from './serviceText';
import { makeTask } from '$lib/testing/fake-services';

describe('replicas', () => {
  it('reads running of desired, and says how healthy that is', () => {
    expect(replicasText({ mode: 'replicated', desired: 3, running: 2 })).toBe('2/3');
    expect(replicaHealth({ desired: 3, running: 2 })).toBe('short');
    expect(replicaHealth({ desired: 3, running: 3 })).toBe('full');
    expect(replicaHealth({ desired: 3, running: 0 })).toBe('none');
    expect(replicaHealth({ desired: 0, running: 0 })).toBe('idle');
  });
  it('marks a global service as global', () => {
    expect(replicasText({ mode: 'global', desired: null, running: 1 })).toBe('1 (global)');
    expect(replicasText({ mode: 'global', desired: 2, running: 1 })).toBe('1/2 (global)');
  });
});

describe('ports', () => {
  it('prints published→target/protocol with the mode', () => {
    expect(portText({ published: 8080, target: 80, protocol: 'tcp', mode: 'ingress' })).toBe(
      '8080→80/tcp (ingress)',
    );
    expect(portText({ published: null, target: 53, protocol: 'udp', mode: 'host' })).toBe(
      '*→53/udp (host)',
    );
  });
});

describe('tasks by slot', () => {
  it('puts the running task first in its slot and the ones it replaced under it', () => {
    const old = makeTask({
      id: 'old',
      slot: 1,
      state: 'shutdown',
      desiredState: 'shutdown',
      createdAt: Date.parse('2026-01-01T10:00:00Z'),
    });
    const now = makeTask({ id: 'now', slot: 1, createdAt: Date.parse('2026-01-01T11:00:00Z') });
    const two = makeTask({ id: 'two', slot: 2, createdAt: Date.parse('2026-01-01T09:00:00Z') });
    const groups = groupBySlot([two, old, now]);
    expect(groups.map((g) => g.label)).toEqual(['slot 1', 'slot 2']);
    expect(groups[0].current.id).toBe('now');
    expect(groups[0].history.map((t) => t.id)).toEqual(['old']);
    expect(groups[1].history).toEqual([]);
  });
  it('groups a global service’s tasks by node', () => {
    const a = makeTask({ id: 'a', slot: null, nodeId: 'n1', node: 'alpha' });
    const b = makeTask({ id: 'b', slot: null, nodeId: 'n2', node: 'beta' });
    expect(groupBySlot([b, a]).map((g) => g.label)).toEqual(['alpha', 'beta']);
  });
  it('keeps a slot whose every task ended, showing the newest', () => {
    const t1 = makeTask({
      id: 't1',
      slot: 3,
      state: 'failed',
      desiredState: 'shutdown',
      createdAt: Date.parse('2026-01-01T10:00:00Z'),
    });
    const t2 = makeTask({
      id: 't2',
      slot: 3,
      state: 'shutdown',
      desiredState: 'shutdown',
      createdAt: Date.parse('2026-01-01T12:00:00Z'),
    });
    const [g] = groupBySlot([t1, t2]);
    expect(g.current.id).toBe('t2');
    expect(g.history.map((t) => t.id)).toEqual(['t1']);
  });
});

describe('times', () => {
  it('reads RFC 3339 text and milliseconds', () => {
    expect(toMs('2026-01-01T00:00:00Z')).toBe(Date.UTC(2026, 0, 1));
    expect(toMs(5)).toBe(5);
    expect(toMs('not a time')).toBeNull();
    expect(toMs(null)).toBeNull();
  });
});
