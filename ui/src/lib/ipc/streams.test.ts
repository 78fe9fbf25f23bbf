import { describe, expect, it, vi } from 'vitest';

// The areas open their streams through the core's handle: each handle cancels its own stream
// id on the backend, whichever area opened it.
const fake = vi.hoisted(() => ({ cancelled: [] as number[], next: 40 }));

vi.mock('@tauri-apps/api/core', () => ({
  Channel: class {
    onmessage: unknown = null;
  },
}));

vi.mock('./bindings', () => ({
  commands: {
    eventsFollow: async () => ({ status: 'ok', data: ++fake.next }),
    statsFollow: async () => ({ status: 'ok', data: ++fake.next }),
    statsGlance: async () => ({ status: 'ok', data: ++fake.next }),
    containerWait: async () => ({
      status: 'error',
      error: { code: 'failed', message: 'no such container' },
    }),
    streamCancel: async (id: number) => {
      fake.cancelled.push(id);
      return null;
    },
  },
  events: {},
}));

const { client, TugboatError } = await import('./client');

describe('stream handles', () => {
  it('cancel the stream id the backend gave, per area', async () => {
    const feed = await client.engineEvents.follow(() => undefined);
    const stats = await client.containers.followStats('c1', () => undefined);
    expect([feed.id, stats.id]).toEqual([41, 42]);
    await stats.cancel();
    await feed.cancel();
    expect(fake.cancelled).toEqual([42, 41]);
  });

  it('turn a refused open into a TugboatError with its code', async () => {
    const opened = client.containers.waitForExit('gone', () => undefined);
    await expect(opened).rejects.toBeInstanceOf(TugboatError);
    await expect(opened).rejects.toMatchObject({ code: 'failed' });
  });
});
