// The Layers panel: nothing before a build; after one, the base folded into one row, each own
// entry with its line (a click goes there), instruction, size and cache word; tips below;
// the build's steps sent as outcomes; the engine's error shown.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend, TugboatError } from '$lib/testing/fake-client';
import { makeBuiltLayer } from '$lib/testing/fake-build-layers';
import LayersPanel from './LayersPanel.svelte';
import type { LayersSession, StepLike } from './layerRows';

const TEXT = 'FROM busybox\nCOPY . /src\nRUN make\nCMD ["sh"]\n';

function session(steps: StepLike[] = []): LayersSession & { went: number[] } {
  const went: number[] = [];
  return {
    text: TEXT,
    lastBuild: { imageId: 'sha256:built', steps },
    goToLine: (line: number) => went.push(line),
    went,
  };
}

describe('LayersPanel', () => {
  it('says what it will show before a build', () => {
    render(LayersPanel, { session: { ...session(), lastBuild: null } });
    expect(screen.getByTestId('build-layers-empty').textContent).toContain('Build the image');
    expect(backend.buildLayers.calls).toEqual([]);
  });

  it('shows each layer tied to its line, the base folded, and the tips', async () => {
    backend.buildLayers.answer = {
      layers: [
        makeBuiltLayer({ fromBase: true, instruction: 'ADD file:x in /', size: 1_980_000 }),
        makeBuiltLayer({ fromBase: true, instruction: 'CMD ["sh"]', madeLayer: false }),
        makeBuiltLayer({ line: 2, instruction: 'COPY . /src', size: 456, cached: true }),
        makeBuiltLayer({ line: 3, instruction: 'RUN make', size: 65_500, cached: false }),
        makeBuiltLayer({ line: 4, instruction: 'CMD ["sh"]', madeLayer: false, cached: false }),
        makeBuiltLayer({ line: null, instruction: 'LABEL a=b', madeLayer: false }),
      ],
      tips: [
        { kind: 'biggestLayer', message: 'Line 3 makes the biggest layer.', line: 3 },
        { kind: 'cacheBust', message: 'Line 2 copies the whole build context.', line: 2 },
      ],
    };
    const s = session([
      { line: 2, state: 'cached', startedMs: null, endedMs: null },
      { line: 3, state: 'done', startedMs: 100, endedMs: 2100 },
      { line: null, state: 'done', startedMs: 0, endedMs: 5 },
      { line: 4, state: 'failed', startedMs: 0, endedMs: 5 },
    ]);
    render(LayersPanel, { session: s });
    const rows = await screen.findAllByTestId('build-layer');
    expect(backend.buildLayers.calls).toEqual([
      {
        imageId: 'sha256:built',
        text: TEXT,
        steps: [
          { line: 2, cached: true, millis: null },
          { line: 3, cached: false, millis: 2000 },
        ],
      },
    ]);
    const base = screen.getByTestId('build-layer-base');
    expect(base.dataset.count).toBe('2');
    expect(base.textContent).toContain('Base image: 2 entries, 1 layer');
    expect(base.textContent).toContain('1.98 MB');

    expect(rows.map((r) => r.dataset.line)).toEqual(['2', '3', '4', '']);
    expect(rows[0].textContent).toContain('COPY . /src');
    expect(rows[0].textContent).toContain('456 B');
    expect(within(rows[0]).getByTestId('build-layer-cache').textContent).toBe('cache');
    expect(rows[1].textContent).toContain('65.5 kB');
    expect(within(rows[1]).getByTestId('build-layer-cache').textContent).toBe('built');
    expect(rows[2].dataset.madeLayer).toBe('false');
    expect(rows[2].textContent).toContain('—');
    expect(within(rows[3]).queryByTestId('build-layer-line')).toBeNull();
    expect(within(rows[3]).queryByTestId('build-layer-cache')).toBeNull();

    await fireEvent.click(within(rows[1]).getByTestId('build-layer-line'));
    expect(s.went).toEqual([3]);

    const tips = screen.getAllByTestId('build-layer-tip');
    expect(tips.map((t) => t.dataset.kind)).toEqual(['biggestLayer', 'cacheBust']);
    expect(tips[1].textContent).toContain('copies the whole build context');
    await fireEvent.click(within(tips[1]).getByTestId('build-layer-tip-line'));
    expect(s.went).toEqual([3, 2]);
    expect(screen.getByTestId('concept').dataset.concept).toBe('layers-and-cache');
  });

  it("shows the engine's error", async () => {
    backend.buildLayers.error = new TugboatError({
      code: 'failed',
      message: 'No such image: sha256:built',
    });
    render(LayersPanel, { session: session() });
    const err = await screen.findByTestId('build-layers-error');
    expect(err.textContent).toContain('No such image');
  });
});
