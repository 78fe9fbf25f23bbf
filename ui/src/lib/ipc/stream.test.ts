import { describe, expect, it, vi } from 'vitest';

// The channel and the cancel command, as Tauri would give them: the test plays the backend.
const fake = vi.hoisted(() => ({
  channels: [] as { onmessage: (m: unknown) => void }[],
  cancelled: [] as number[],
}));

vi.mock('@tauri-apps/api/core', () => ({
  Channel: class {
    onmessage: (m: unknown) => void = () => undefined;
    constructor() {
      fake.channels.push(this);
    }
  },
}));
vi.mock('./bindings', () => ({
  commands: {
    streamCancel: async (id: number) => {
      fake.cancelled.push(id);
      return null;
    },
  },
}));

const { openStream } = await import('./stream');

describe('openStream', () => {
  it('hands the command a channel whose messages reach the view, and cancels by the id', async () => {
    const seen: unknown[] = [];
    let given: unknown = null;
    const handle = await openStream<number, string>(
      async (channel) => {
        given = channel;
        return 9;
      },
      (m) => seen.push(m),
    );
    expect(given).toBe(fake.channels[0]);
    fake.channels[0].onmessage({ type: 'data', data: 1 });
    fake.channels[0].onmessage({ type: 'end', end: 'done' });
    expect(seen).toEqual([
      { type: 'data', data: 1 },
      { type: 'end', end: 'done' },
    ]);
    expect(handle.id).toBe(9);
    await handle.cancel();
    expect(fake.cancelled).toEqual([9]);
  });

  it('passes on what the command refused with', async () => {
    await expect(
      openStream(
        async () => {
          throw new Error('destination: not chosen in the save dialog');
        },
        () => undefined,
      ),
    ).rejects.toThrow('destination');
  });
});
