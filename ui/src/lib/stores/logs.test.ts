// The logs store: batches are ingested at once but painted at most once a frame; paused, it
// counts what came in; drops and skips are counted; the search steps through hits; older pages
// go on top; an unreadable log is told apart from a failure.
import { describe, expect, it } from 'vitest';
import { FakeLogsFeed, logLine } from '$lib/testing/fake-logs-feed';
import { LogsStore } from './logs.svelte';
import { entryText } from './logbook';

const numbered = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) =>
    logLine(`line-${String(from + i).padStart(4, '0')}`, {
      timestamp: `2024-01-01T00:00:${String(from + i).padStart(4, '0')}Z`,
    }),
  );

async function started(cap?: number) {
  const feed = new FakeLogsFeed();
  const store = new LogsStore(feed, ['c1'], { frame: feed.frame, cap });
  await store.start();
  return { feed, store };
}

describe('LogsStore', () => {
  it('asks for the last 500 lines and follows, and shows the docker line', async () => {
    const { feed, store } = await started();
    expect(feed.last.request).toEqual({
      ids: ['c1'],
      tail: 500,
      since: null,
      until: null,
      follow: true,
    });
    await Promise.resolve();
    expect(store.command).toBe('docker logs -f --tail 500 c1');
    expect(store.phase).toBe('live');
  });

  it('paints many batches in one frame, in order', async () => {
    const { feed, store } = await started();
    const paints = store.paints;
    for (let i = 0; i < 30; i++) feed.batch(numbered(i * 10 + 1, i * 10 + 10));
    expect(store.rows).toHaveLength(0);
    expect(feed.flush()).toBe(1);
    expect(store.paints).toBe(paints + 1);
    expect(store.rows.map((e) => entryText(e))).toEqual(numbered(1, 300).map((l) => l.text));
  });

  it('keeps ingesting while paused and counts the new lines, then paints them on resume', async () => {
    const { feed, store } = await started();
    feed.batch(numbered(1, 10));
    feed.flush();
    store.pause();
    feed.batch(numbered(11, 30));
    feed.flush();
    expect(store.rows).toHaveLength(10);
    expect(store.newWhilePaused).toBe(20);
    feed.batch(numbered(31, 35));
    feed.flush();
    expect(store.newWhilePaused).toBe(25);
    store.resume();
    expect(store.rows).toHaveLength(35);
    expect(store.newWhilePaused).toBe(0);
  });

  it('counts lines the backend skipped and lines the cap dropped', async () => {
    const { feed, store } = await started(100);
    feed.batch(numbered(1, 80), 0);
    feed.batch(numbered(500, 559), 419);
    feed.flush();
    expect(store.skipped).toBe(419);
    expect(store.dropped).toBe(40);
    expect(store.held).toBe(100);
    expect(store.rows).toHaveLength(100);
  });

  it('steps through the hits of the search, wrapping, and filters to them', async () => {
    const { feed, store } = await started();
    feed.batch(numbered(1, 300));
    feed.flush();
    store.query = 'line-015';
    store.refilter();
    expect(store.hits).toHaveLength(10);
    expect(store.step(1)).toBe(149);
    expect(store.currentNumber).toBe(1);
    expect(store.step(-1)).toBe(158);
    expect(store.currentNumber).toBe(10);
    store.onlyMatching = true;
    store.refilter();
    expect(store.rows).toHaveLength(10);
    store.regex = true;
    store.query = '(';
    expect(store.search.error).toMatch(/^Search:/);
  });

  it('puts an older page on top, asking before the oldest line held', async () => {
    const { feed, store } = await started();
    feed.batch(numbered(501, 510));
    feed.flush();
    feed.older = numbered(1, 500);
    await store.loadOlder();
    expect(feed.pages).toEqual([{ id: 'c1', before: '2024-01-01T00:00:0501Z', count: 500 }]);
    expect(store.rows).toHaveLength(510);
    expect(entryText(store.rows[0])).toBe('line-0001');
    feed.older = [];
    await store.loadOlder();
    expect(store.olderNote).toMatch(/start of the log/);
  });

  it('tells an unreadable log from a failure, and ignores its own cancel', async () => {
    const feed = new FakeLogsFeed();
    feed.refuse = {
      code: 'logs_unreadable',
      message: 'this container sends its output to syslog',
    };
    const store = new LogsStore(feed, ['c1'], { frame: feed.frame });
    await store.start();
    expect(store.phase).toBe('unreadable');
    expect(store.problem).toMatch(/syslog/);

    const { feed: f2, store: s2 } = await started();
    f2.last.send({
      type: 'error',
      error: { code: 'cancelled', message: 'cancelled' },
    });
    expect(s2.phase).toBe('live');
    f2.last.send({ type: 'end', end: { lines: 3 } });
    expect(s2.phase).toBe('ended');
  });

  it('closes the old stream when the request changes, and drops its late batches', async () => {
    const { feed, store } = await started();
    const first = feed.last;
    store.request.tail = 50;
    await store.start();
    expect(first.cancelled).toBe(true);
    expect(feed.last.request.tail).toBe(50);
    first.send({ type: 'data', data: { lines: numbered(1, 5), skipped: 0 } });
    feed.flush();
    expect(store.rows).toHaveLength(0);
    await store.stop();
    expect(feed.last.cancelled).toBe(true);
  });
});
