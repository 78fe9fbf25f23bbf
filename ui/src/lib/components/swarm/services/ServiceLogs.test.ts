// A service's logs go through the shared log viewer: the viewer's request becomes the service's
// (`docker service logs -f --tail 500 ID`), its lines are painted, its line is shown, the end
// of the stream says the service's words, and "older" says it cannot page.
import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import ServiceLogs from './ServiceLogs.svelte';
import { serviceLogsFeed, serviceRequest } from './serviceLogsFeed';

// jsdom lays nothing out and has no ResizeObserver: report every element 600 px tall, so the
// real virtual list renders the rows that fill it; scrolling is a no-op.
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

describe('service logs', () => {
  it('asks for the service’s log and paints its lines in the log viewer', async () => {
    render(ServiceLogs, { serviceId: 'svc1', frame: (paint: () => void) => paint() });
    await waitFor(() => expect(backend.services.logRequests).toHaveLength(1));
    expect(backend.services.logRequests[0]).toEqual({
      id: 'svc1',
      tail: 500,
      since: null,
      follow: true,
      timestamps: true,
    });
    await waitFor(() =>
      expect(screen.getByTestId('logs-command-text').textContent).toContain(
        'docker service logs -f --tail 500 svc1',
      ),
    );
    backend.services.logListener!({
      type: 'data',
      data: {
        skipped: 0,
        lines: [
          {
            source: 0,
            stream: 'stdout',
            timestamp: '2026-01-01T10:00:00.000000000Z',
            text: 'web.1.abc | hello from a task',
            cut: 0,
          },
        ],
      },
    } as never);
    await waitFor(() =>
      expect(screen.getByTestId('service-logs').textContent).toContain('hello from a task'),
    );
    backend.services.logListener!({ type: 'end', end: { lines: 1 } } as never);
    await waitFor(() =>
      expect(screen.getByTestId('service-logs').textContent).toContain('the service was removed'),
    );
  });

  it('cannot read a page before a time', async () => {
    const feed = serviceLogsFeed(backend.client().services as never);
    await expect(feed.page('svc1', '2026-01-01T00:00:00Z', 10)).rejects.toThrow('tail');
    expect(
      serviceRequest({ ids: ['a'], tail: null, since: '10m', until: null, follow: false }),
    ).toEqual({ id: 'a', tail: null, since: '10m', follow: false, timestamps: true });
  });
});
