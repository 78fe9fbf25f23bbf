import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '$lib/ipc/client';
import { EventLog } from './eventLog.svelte';
import { linkFor, sentence } from './words';

function event(over: Partial<EngineEvent> = {}): EngineEvent {
  return {
    timeMs: 1,
    kind: 'container',
    action: 'stop',
    id: 'c1',
    subject: 'web',
    verb: 'stopped',
    containerId: 'c1',
    attributes: {},
    ...over,
  };
}

describe('events in words', () => {
  it('reads as kind, name and what happened', () => {
    expect(sentence(event())).toBe('container web stopped');
    expect(sentence(event({ action: 'die', verb: 'exited with code 0' }))).toBe(
      'container web exited with code 0',
    );
    expect(
      sentence(event({ kind: 'volume', subject: 'data', verb: 'was created', containerId: null })),
    ).toBe('volume data was created');
  });

  it('links a container to its details and other kinds to their section only when it exists', () => {
    const sections = ['home', 'containers', 'events'];
    expect(linkFor(event(), sections)).toEqual({
      section: 'containers',
      id: 'c1',
      label: 'Details',
    });
    const vol = event({ kind: 'volume', id: 'data', containerId: null });
    expect(linkFor(vol, sections)).toBeNull();
    expect(linkFor(vol, [...sections, 'volumes'])).toEqual({
      section: 'volumes',
      label: 'Open volumes',
    });
    expect(linkFor(event({ kind: 'daemon', containerId: null }), sections)).toBeNull();
  });
});

describe('EventLog pause', () => {
  const batch = (ids: string[], replay = false) => ({
    type: 'events' as const,
    replay,
    events: ids.map((id) => event({ id })),
  });

  it('counts what comes while paused and shows it, newest first, at resume', () => {
    const log = new EventLog();
    log.receive(batch(['a', 'b'], true));
    expect(log.items.map((e) => e.id)).toEqual(['b', 'a']);
    log.pause();
    log.receive(batch(['c']));
    log.receive(batch(['d', 'e']));
    expect(log.newCount).toBe(3);
    expect(log.letGo).toBe(0);
    expect(
      log.items.map((e) => e.id),
      'nothing moves while paused',
    ).toEqual(['b', 'a']);
    log.resume();
    expect(log.items.map((e) => e.id)).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(log.newCount).toBe(0);
    expect(log.shown().map((e) => e.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(log.shown()[0]).not.toHaveProperty('seq');
  });

  it('keeps only the newest up to its bound while paused and counts the rest', () => {
    const log = new EventLog(100, 3);
    log.receive(batch([], true));
    log.pause();
    log.receive(batch(['1', '2', '3', '4']));
    log.receive(batch(['5']));
    expect(log.newCount).toBe(5);
    expect(log.letGo).toBe(2);
    log.resume();
    expect(log.items.map((e) => e.id)).toEqual(['5', '4', '3']);
  });

  it('adds skipped counts and caps what is shown', () => {
    const log = new EventLog(2);
    log.receive(batch(['a', 'b', 'c']));
    log.receive({ type: 'skipped', count: 4 });
    expect(log.items.map((e) => e.id)).toEqual(['c', 'b']);
    expect(log.skipped).toBe(4);
  });
});
