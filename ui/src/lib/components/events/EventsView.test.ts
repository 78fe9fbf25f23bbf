import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));
vi.mock('virtua/svelte', async () => ({
  VList: (await import('$lib/testing/PlainList.svelte')).default,
}));

import EventsView from './EventsView.svelte';
import { backend } from '$lib/testing/fake-client';
import { navigation } from '$lib/navigation.svelte';
import type { EngineEvent } from '$lib/ipc/client';

function event(over: Partial<EngineEvent> = {}): EngineEvent {
  return {
    timeMs: 1_700_000_000_000,
    kind: 'container',
    action: 'start',
    id: 'c1',
    subject: 'web',
    verb: 'started',
    containerId: 'c1',
    attributes: { name: 'web' },
    ...over,
  };
}

/** Renders the view and waits for the feed it opens. */
async function shown(sectionIds: string[]) {
  const before = backend.filteredFeeds.length;
  const r = render(EventsView, { sectionIds });
  await waitFor(() => expect(backend.filteredFeeds).toHaveLength(before + 1));
  return r;
}
const latestFeed = () => backend.filteredFeeds[backend.filteredFeeds.length - 1];
function push(events: EngineEvent[], replay = false) {
  latestFeed().send({ type: 'data', data: { type: 'events', replay, events } });
}

describe('EventsView', () => {
  it('follows the feed with the filter, reopening it when the filter changes', async () => {
    const { unmount } = render(EventsView, { sectionIds: ['home', 'containers', 'events'] });
    await waitFor(() => expect(backend.filteredFeeds).toHaveLength(1));
    expect(latestFeed().filter).toEqual({ kinds: [], actions: [], labels: [], object: null });
    push([event()], true);
    const row = await screen.findByTestId('event-row');
    expect(row).toHaveAttribute('data-action', 'start');
    expect(row).toHaveTextContent('web started');

    await fireEvent.input(screen.getByTestId('events-filter-action'), {
      target: { value: 'die' },
    });
    await waitFor(() => expect(backend.filteredFeeds).toHaveLength(2));
    expect(latestFeed().filter.actions).toEqual(['die']);
    expect(backend.filteredFeeds[0].cancelled).toBe(true);
    push([], true);
    expect(await screen.findByTestId('events-empty')).toBeInTheDocument();
    unmount();
    await waitFor(() => expect(latestFeed().cancelled).toBe(true));
  });

  it('pauses, counts new events, and shows them at resume', async () => {
    await shown([]);
    push([event({ id: 'a' })], true);
    await screen.findByTestId('event-row');
    await fireEvent.click(screen.getByTestId('events-pause'));
    push([event({ id: 'b' }), event({ id: 'c', action: 'die', verb: 'exited with code 0' })]);
    expect(await screen.findByTestId('events-new-count')).toHaveTextContent('2 new events');
    expect(screen.getAllByTestId('event-row')).toHaveLength(1);
    await fireEvent.click(screen.getByTestId('events-pause'));
    await waitFor(() => expect(screen.getAllByTestId('event-row')).toHaveLength(3));
    expect(screen.getAllByTestId('event-row')[0]).toHaveTextContent('web exited with code 0');
    expect(screen.queryByTestId('events-new')).not.toBeInTheDocument();
  });

  it('exports what is shown, oldest first, to the path the dialog chose', async () => {
    backend.eventsExportPath = '/tmp/ev.jsonl';
    await shown([]);
    push([event({ id: 'a' }), event({ id: 'b' })], true);
    await waitFor(() => expect(screen.getAllByTestId('event-row')).toHaveLength(2));
    await fireEvent.click(screen.getByTestId('events-export'));
    expect(await screen.findByTestId('events-exported')).toHaveTextContent(
      'Saved 2 events to /tmp/ev.jsonl',
    );
    const last = backend.eventsExported[backend.eventsExported.length - 1];
    expect(last.events.map((e) => e.id)).toEqual(['a', 'b']);
    expect(last.replace).toBe(false);
  });

  it('asks the engine for a past window when a time is given', async () => {
    backend.window = { events: [event({ id: 'old' })], leftOut: 0, unreadable: 1 };
    render(EventsView, { sectionIds: [] });
    await fireEvent.input(screen.getByTestId('events-since'), {
      target: { value: '2026-11-30T08:00:00' },
    });
    await fireEvent.click(await screen.findByTestId('events-query'));
    await waitFor(() => expect(screen.getAllByTestId('event-row')).toHaveLength(1));
    const q = backend.queries[backend.queries.length - 1];
    expect(q.sinceMs).toBe(new Date('2026-11-30T08:00:00').getTime());
    expect(q.untilMs).toBeNull();
    expect(screen.getByTestId('events-window-note')).toHaveTextContent('1 event of a kind');
  });

  it('opens a container event in the containers section', async () => {
    await shown(['containers']);
    push([event({ containerId: 'c9' })], true);
    await fireEvent.click(await screen.findByTestId('event-link'));
    expect(navigation.section).toBe('containers');
    expect(navigation.take('containers')).toBe('c9');
  });
});

describe('EventsView command', () => {
  it('shows the docker events line of the newest filter', async () => {
    await shown([]);
    await fireEvent.change(screen.getByTestId('events-filter-type'), {
      target: { value: 'volume' },
    });
    await waitFor(() =>
      expect(screen.getByTestId('events-command-text')).toHaveTextContent(
        'docker events --filter type=volume',
      ),
    );
  });
});
