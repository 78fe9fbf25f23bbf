// Compare stats: one stream per running container while open, none for stopped ones (which
// are named), current values per container, and every stream cancelled on close.
import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import { makeRow } from '$lib/testing/fake-ipc';
import { makeSample } from '$lib/testing/fake-inside';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import CompareStats from './CompareStats.svelte';

describe('CompareStats', () => {
  it('follows each running container and shows them side by side', async () => {
    const targets = [
      makeRow({ id: 'a', name: 'alpha', state: 'running' }),
      makeRow({ id: 'b', name: 'beta', state: 'running' }),
      makeRow({ id: 'c', name: 'gamma', state: 'exited' }),
    ];
    const view = render(CompareStats, { targets, onclose: vi.fn() });
    await waitFor(() => expect(backend.inside.open()).toHaveLength(2));
    expect(backend.inside.open().map((s) => s.id)).toEqual(['a', 'b']);
    expect((await screen.findByTestId('compare-command-text')).textContent).toContain(
      'docker stats alpha beta gamma',
    );
    expect(screen.getByTestId('compare-idle').textContent).toContain('gamma');
    backend.inside.push('a', makeSample({ cpuPercent: 99 }));
    backend.inside.push('b', makeSample({ cpuPercent: 1 }));
    await waitFor(() =>
      expect(screen.getAllByTestId('compare-cpu').map((c) => c.textContent)).toEqual([
        '99.00%',
        '1.00%',
      ]),
    );
    expect(screen.getAllByTestId('compare-row').map((r) => r.dataset.name)).toEqual([
      'alpha',
      'beta',
    ]);
    // The list hands new row objects on every change: the streams stay; one stopped goes.
    await view.rerender({
      targets: [
        makeRow({ id: 'a', name: 'alpha', state: 'running' }),
        makeRow({ id: 'b', name: 'beta', state: 'exited' }),
        makeRow({ id: 'c', name: 'gamma', state: 'exited' }),
      ],
      onclose: vi.fn(),
    });
    await waitFor(() => expect(backend.inside.open().map((s) => s.id)).toEqual(['a']));
    expect(backend.inside.streams).toHaveLength(2);
    view.unmount();
    expect(backend.inside.open()).toHaveLength(0);
  });
});
