// The Stats tab: a running container's stream opens while the tab shows and the window is
// visible, its figures show as text, and it is cancelled when the tab goes or the window hides;
// a stopped container gets words and no stream.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import { makeDetails } from '$lib/testing/fake-ipc';
import { makeSample } from '$lib/testing/fake-inside';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import StatsTab from './StatsTab.svelte';

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

afterEach(() => setVisibility('visible'));

describe('StatsTab', () => {
  it('follows a running container and shows its figures as text', async () => {
    const details = makeDetails({ id: 'c1', name: 'busy', state: 'running', memoryBytes: 64e6 });
    const view = render(StatsTab, { id: 'c1', details });
    await waitFor(() => expect(backend.inside.open('c1')).toHaveLength(1));
    expect((await screen.findByTestId('stats-command-text')).textContent).toContain(
      'docker stats busy',
    );
    backend.inside.push(
      'c1',
      makeSample({ cpuPercent: 87.5, memoryBytes: 32e6, pids: 4, pidsLimit: 50 }),
    );
    await waitFor(() => expect(screen.getByTestId('stats-value-cpu').textContent).toBe('87.50%'));
    expect(screen.getByTestId('stats-value-cpu').dataset.value).toBe('87.5');
    expect(screen.getByTestId('stats-value-pids').textContent).toBe('4 / 50');
    expect(screen.getByTestId('stats-memory-note').textContent).toContain('the limit set with -m');
    view.unmount();
    expect(backend.inside.open('c1')).toHaveLength(0);
  });

  it('keeps its stream when the details are re-read', async () => {
    const view = render(StatsTab, {
      id: 'c5',
      details: makeDetails({ id: 'c5', name: 'busy', state: 'running' }),
    });
    await waitFor(() => expect(backend.inside.open('c5')).toHaveLength(1));
    backend.inside.push('c5', makeSample({ cpuPercent: 50 }));
    await view.rerender({
      id: 'c5',
      details: makeDetails({ id: 'c5', name: 'busy', state: 'running' }),
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(backend.inside.streams.filter((s) => s.id === 'c5')).toHaveLength(1);
    expect(screen.getByTestId('stats-value-cpu').textContent).toBe('50.00%');
    // Stopped: the stream goes.
    await view.rerender({
      id: 'c5',
      details: makeDetails({ id: 'c5', name: 'busy', state: 'exited' }),
    });
    await waitFor(() => expect(backend.inside.open('c5')).toHaveLength(0));
  });

  it('stops following while the window is hidden and follows again when it shows', async () => {
    const details = makeDetails({ id: 'c2', name: 'busy', state: 'running' });
    render(StatsTab, { id: 'c2', details });
    await waitFor(() => expect(backend.inside.open('c2')).toHaveLength(1));
    setVisibility('hidden');
    await waitFor(() => expect(backend.inside.open('c2')).toHaveLength(0));
    expect(screen.getByTestId('stats-hidden')).toBeTruthy();
    setVisibility('visible');
    await waitFor(() => expect(backend.inside.open('c2')).toHaveLength(1));
  });

  it('says a stopped container has no figures, and opens no stream', async () => {
    const details = makeDetails({ id: 'c3', name: 'idle', state: 'exited' });
    render(StatsTab, { id: 'c3', details });
    expect((await screen.findByTestId('stats-stopped')).textContent).toContain(
      'Start the container',
    );
    expect(backend.inside.streams.filter((s) => s.id === 'c3')).toHaveLength(0);
  });

  it('says why the figures stopped when the stream ends', async () => {
    const details = makeDetails({ id: 'c4', name: 'busy', state: 'running' });
    render(StatsTab, { id: 'c4', details });
    await waitFor(() => expect(backend.inside.open('c4')).toHaveLength(1));
    backend.inside.open('c4')[0].send({ type: 'end', end: 'the container stopped' });
    expect((await screen.findByTestId('stats-ended')).textContent).toContain(
      'the container stopped',
    );
  });
});
