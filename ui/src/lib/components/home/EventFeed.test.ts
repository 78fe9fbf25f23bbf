import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import EventFeed from './EventFeed.svelte';
import { EventFeedStore } from '$lib/stores/events.svelte';
import { backend } from '$lib/testing/fake-client';

const hostile = '<img src=x onerror="window.pwned=1">\u202Egnp.exe</script>';

describe('EventFeed', () => {
  it('shows newest first, renders hostile names as inert text, and cancels on unmount', async () => {
    const { unmount, container } = render(EventFeed);
    await waitFor(() => expect(backend.feedListeners).toHaveLength(1));
    expect(screen.getByTestId('event-feed-empty')).toBeInTheDocument();
    backend.pushFeed({
      type: 'events',
      replay: true,
      events: [
        {
          timeMs: 1,
          kind: 'container',
          action: 'create',
          id: 'a1',
          subject: 'web',
          verb: 'was created',
          containerId: 'a1',
        },
        {
          timeMs: 2,
          kind: 'container',
          action: 'start',
          id: 'a1',
          subject: hostile,
          verb: 'started',
          containerId: 'a1',
        },
      ],
    });
    const rows = await screen.findAllByTestId('event-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveAttribute('data-action', 'start');
    expect(rows[0]).toHaveTextContent(hostile);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
    unmount();
    await waitFor(() => expect(backend.cancelled).toEqual([1]));
  });

  it('keeps at most its capacity and counts skipped events', () => {
    const feed = new EventFeedStore(3);
    for (let i = 0; i < 5; i++) {
      feed.receive({
        type: 'events',
        replay: false,
        events: [
          {
            timeMs: i,
            kind: 'volume',
            action: 'create',
            id: `v${i}`,
            subject: `v${i}`,
            verb: 'was created',
            containerId: null,
          },
        ],
      });
    }
    expect(feed.items.map((e) => e.id)).toEqual(['v4', 'v3', 'v2']);
    feed.receive({ type: 'skipped', count: 7 });
    expect(feed.skipped).toBe(7);
  });

  it('counts skipped events in words, and keeps long names whole with an ellipsis', async () => {
    const feed = new EventFeedStore();
    render(EventFeed, { feed });
    const long = 'a-container-with-a-name-far-too-long-for-one-line-of-the-feed';
    feed.receive({
      type: 'events',
      replay: false,
      events: [
        {
          timeMs: 1,
          kind: 'container',
          action: 'start',
          id: 'c9',
          subject: long,
          verb: 'started',
          containerId: 'c9',
        },
      ],
    });
    feed.receive({ type: 'skipped', count: 1 });
    expect(await screen.findByTestId('event-feed-skipped')).toHaveTextContent(
      /^1 event went by too fast to show\.$/,
    );
    const subject = screen.getByTitle(long);
    expect(subject).toHaveTextContent(long);
    expect(subject.closest('bdi, code')).not.toBeNull();
  });
});
