// Merged logs: one stream for several containers, every line tagged with its container's name,
// and a checkbox per container that hides its lines.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { FakeLogsFeed, logLine } from '$lib/testing/fake-logs-feed';
import MergedLogs from './MergedLogs.svelte';

class SizedObserver {
  #report: ResizeObserverCallback;
  constructor(report: ResizeObserverCallback) {
    this.#report = report;
  }
  observe(target: Element) {
    const entry = { target, contentRect: { width: 800, height: 600 } };
    queueMicrotask(() => this.#report([entry as never], this as never));
  }
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver = SizedObserver as never;
Element.prototype.scrollTo = function () {};

describe('MergedLogs', () => {
  it('follows every container at once and tags each line with its source', async () => {
    const feed = new FakeLogsFeed();
    feed.known = [
      { id: 'a1', name: 'web', tty: false, driver: 'json-file' },
      { id: 'b2', name: 'db', tty: false, driver: 'json-file' },
    ];
    const onclose = vi.fn();
    render(MergedLogs, {
      ids: ['a1', 'b2'],
      title: 'project shop',
      onclose,
      feed,
      frame: feed.frame,
    });
    await screen.findByTestId('merged-logs');
    await new Promise((r) => setTimeout(r, 0));
    expect(feed.last.request).toMatchObject({ ids: ['a1', 'b2'], tail: 500, follow: true });
    feed.batch([
      logLine('GET /', { source: 0, timestamp: '2024-01-01T00:00:01Z' }),
      logLine('ready', { source: 1, timestamp: '2024-01-01T00:00:02Z' }),
      logLine('GET /a', { source: 0, timestamp: '2024-01-01T00:00:03Z' }),
    ]);
    feed.flush();
    await new Promise((r) => setTimeout(r, 0));
    const tags = () => screen.getAllByTestId('log-source').map((n) => n.textContent);
    expect(tags()).toEqual(['web', 'db', 'web']);
    expect(screen.queryByTestId('logs-load-older')).toBeNull();

    const boxes = screen.getAllByTestId('logs-source-toggle');
    expect(boxes.map((b) => b.dataset.name)).toEqual(['web', 'db']);
    await fireEvent.click(boxes[0]);
    expect(tags()).toEqual(['db']);
    await fireEvent.click(boxes[0]);
    expect(tags()).toEqual(['web', 'db', 'web']);

    await fireEvent.click(screen.getByTestId('merged-logs-close'));
    expect(onclose).toHaveBeenCalled();
  });
});
