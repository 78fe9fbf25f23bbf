import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import type { StatsMessage } from '$lib/ipc/client';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import RowStats from './RowStats.svelte';
import { backend } from '$lib/testing/fake-client';

const sample = (cpu: number): StatsMessage => ({
  type: 'data',
  data: { cpuPercent: cpu, memoryBytes: 2_000_000 } as never,
});

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

afterEach(() => setVisibility('visible'));

describe('RowStats', () => {
  it('opens a new stream on the next engine connection after its stream ended', async () => {
    // The stats streams the component opened, newest last, as the backend sees them.
    const streams = backend.statsStreams;
    const view = render(RowStats, { id: 'c1', connection: 0 });
    await waitFor(() => expect(streams).toHaveLength(1));
    streams[0].send(sample(12.5));
    expect(await screen.findByTestId('row-stats')).toHaveTextContent('CPU 12.5% · 2.00 MB');

    // The engine went away: the stream ends, and figures that no longer move are not shown.
    streams[0].send({
      type: 'error',
      error: { code: 'failed', message: 'the engine went away' },
    });
    await waitFor(() => expect(screen.queryByTestId('row-stats')).toBeNull());
    expect(streams).toHaveLength(1);

    // The engine is back (a new connection): a new stream, and its figures show.
    await view.rerender({ id: 'c1', connection: 1 });
    await waitFor(() => expect(streams).toHaveLength(2));
    expect(streams[1].id).toBe('c1');
    streams[1].send(sample(3));
    expect(await screen.findByTestId('row-stats')).toHaveTextContent('CPU 3.0%');
    // A late message of the old stream changes nothing.
    streams[0].send(sample(99));
    expect(screen.getByTestId('row-stats')).toHaveTextContent('CPU 3.0%');

    view.unmount();
    await waitFor(() => expect(streams[1].cancelled).toBe(true));
  });

  it('holds no stream while the window is hidden, and opens one when it shows again', async () => {
    const streams = backend.statsStreams;
    const before = streams.length;
    const view = render(RowStats, { id: 'c7', connection: 0 });
    await waitFor(() => expect(streams).toHaveLength(before + 1));
    streams[before].send(sample(4));
    expect(await screen.findByTestId('row-stats')).toHaveTextContent('CPU 4.0%');

    setVisibility('hidden');
    await waitFor(() => expect(streams[before].cancelled).toBe(true));
    // Figures from before the window hid would be stale when it shows again.
    expect(screen.queryByTestId('row-stats')).toBeNull();

    setVisibility('visible');
    await waitFor(() => expect(streams).toHaveLength(before + 2));
    expect(streams[before + 1].id).toBe('c7');
    expect(streams[before + 1].cancelled).toBe(false);
    view.unmount();
  });

  it('drops its stream and figures the moment the engine is gone, not at its next reading', async () => {
    const streams = backend.statsStreams;
    const before = streams.length;
    const view = render(RowStats, { id: 'c9', connection: 0, connected: true });
    await waitFor(() => expect(streams).toHaveLength(before + 1));
    streams[before].send(sample(7));
    expect(await screen.findByTestId('row-stats')).toHaveTextContent('CPU 7.0%');

    // The stream sleeps between readings, so it has said nothing; the engine status has.
    await view.rerender({ id: 'c9', connection: 0, connected: false });
    await waitFor(() => expect(streams[before].cancelled).toBe(true));
    expect(screen.queryByTestId('row-stats')).toBeNull();
    expect(streams).toHaveLength(before + 1);

    await view.rerender({ id: 'c9', connection: 1, connected: true });
    await waitFor(() => expect(streams).toHaveLength(before + 2));
    streams[before + 1].send(sample(1));
    expect(await screen.findByTestId('row-stats')).toHaveTextContent('CPU 1.0%');
    view.unmount();
  });
});
