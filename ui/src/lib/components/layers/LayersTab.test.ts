// The Layers tab: progress while the image streams, then the layers in order, the chosen
// layer's tree with a deletion in sight, the score and waste; a layer is chosen by a click;
// the stream is cancelled when the tab goes away; engine errors are shown.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { makeChange, makeLayer, makeLayers } from '$lib/testing/fake-image-layers';
import { makeImage } from '$lib/testing/fake-images';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import LayersTab from './LayersTab.svelte';

const image = makeImage({ id: 'sha256:1111', repoTags: ['demo:1'] });

async function opened() {
  await waitFor(() => expect(backend.imageLayers.open('sha256:1111')).toHaveLength(1));
  return backend.imageLayers.open('sha256:1111')[0];
}

describe('LayersTab', () => {
  it('shows progress, then the layers with the top one open down to its deletion', async () => {
    render(LayersTab, { image });
    const stream = await opened();
    stream.send({ type: 'data', data: { bytes: 500_000, expected: 1_000_000, layers: 1 } });
    const progress = await screen.findByTestId('layers-progress');
    await waitFor(() => expect(progress.textContent).toContain('500 kB'));
    expect(progress.textContent).toContain('1 layers read');
    expect(screen.getByTestId('layers-command-text').textContent).toContain(
      'docker save demo:1 | tar -t',
    );

    stream.send({ type: 'end', end: makeLayers() });
    const rows = await screen.findAllByTestId('layer-row');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('ADD file:abc in /'),
      expect.stringContaining('RUN rm /data/f'),
    ]);
    expect(rows[0].textContent).toContain('1.00 kB wasted');
    expect(rows[1].getAttribute('aria-pressed')).toBe('true');
    const deleted = screen.getAllByTestId('layer-change').find((r) => r.dataset.path === '/data/f');
    expect(deleted?.dataset.change).toBe('deleted');
    expect(deleted?.textContent).toContain('deleted');
    expect(screen.getByTestId('layers-score').textContent).toBe('0.0%');
    expect(screen.getByTestId('layers-wasted').textContent).toBe('1.00 kB');
    expect(screen.getByTestId('layers-command-text').textContent).toContain(
      'docker save sha256:1111 | tar -t',
    );

    await fireEvent.click(rows[0]);
    const added = screen.getAllByTestId('layer-change').find((r) => r.dataset.path === '/data/f');
    expect(added?.dataset.change).toBe('added');
    expect(rows[0].getAttribute('aria-pressed')).toBe('true');
  });

  it('says when a layer has no files, and lists the biggest files', async () => {
    render(LayersTab, { image });
    const stream = await opened();
    stream.send({
      type: 'end',
      end: makeLayers({
        layers: [makeLayer({ instruction: null })],
        biggest: [{ path: '/bin/busybox', size: 1_200_000, layer: 0 }],
      }),
    });
    expect(await screen.findByTestId('layer-changes-empty')).toBeTruthy();
    expect(screen.getByTestId('layer-row').textContent).toContain('no matching history step');
    expect(screen.getByTestId('biggest-file').textContent).toContain('/bin/busybox');
    expect(screen.getByTestId('biggest-file').textContent).toContain('1.20 MB');
    expect(screen.getByTestId('biggest-file').textContent).toContain('layer 1');
  });

  it('shows the engine’s error and cancels the stream when it goes away', async () => {
    const { unmount } = render(LayersTab, { image });
    const stream = await opened();
    stream.send({
      type: 'error',
      error: { code: 'invalidInput', message: 'image: its layers hold more than 1000000 paths' },
    });
    expect((await screen.findByTestId('layers-error')).textContent).toContain('more than');
    const second = render(LayersTab, { image: makeImage({ id: 'sha256:2222', repoTags: [] }) });
    await waitFor(() => expect(backend.imageLayers.open('sha256:2222')).toHaveLength(1));
    second.unmount();
    unmount();
    expect(backend.imageLayers.open()).toHaveLength(0);
  });

  it('marks a layer whose list was cut short', async () => {
    render(LayersTab, { image });
    const stream = await opened();
    stream.send({
      type: 'end',
      end: makeLayers({
        layers: [makeLayer({ listedAll: false, changes: [makeChange({ path: '/a' })] })],
      }),
    });
    expect(await screen.findByTestId('layer-changes-cut')).toBeTruthy();
  });

  it('keeps reading when the row moves but the image stays the same', async () => {
    const before = backend.imageLayers.streams.length;
    const { rerender } = render(LayersTab, { image });
    await opened();
    await rerender({ image: makeImage({ id: 'sha256:1111', repoTags: ['demo:1', 'demo:2'] }) });
    expect(backend.imageLayers.streams.length).toBe(before + 1);
    expect(backend.imageLayers.open('sha256:1111')).toHaveLength(1);
  });
});
