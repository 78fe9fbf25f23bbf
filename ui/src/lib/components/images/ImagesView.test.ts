// The images view over the fake backend: rows from the kept list and its deltas (every tag,
// `<none>` for dangling ones), the text and dangling filters, and the details panel with its
// tabs from the registry.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { makeImage, makeImageDetails } from '$lib/testing/fake-images';

vi.mock('virtua/svelte', async () => ({
  VList: (await import('$lib/testing/PlainList.svelte')).default,
}));

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import ImagesView from './ImagesView.svelte';
import { backend } from '$lib/testing/fake-client';

const img = backend.images;
const hex = (c: string) => `sha256:${c.repeat(64)}`;
const app = makeImage({
  id: hex('a'),
  repoTags: ['app:1', 'app:latest'],
  created: 300,
  containers: 2,
});
const old = makeImage({ id: hex('b'), repoTags: ['busybox:1'], created: 100 });
const dangling = makeImage({ id: hex('c'), repoTags: [], dangling: true, created: 200 });

const refs = () => screen.getAllByTestId('image-row').map((r) => r.dataset.ref);

describe('the images view', () => {
  it('shows every tag newest first, follows deltas, and filters by text and dangling', async () => {
    img.reset();
    img.rows = [old, app];
    img.version = 1;
    render(ImagesView);
    await waitFor(() => expect(refs()).toEqual(['app:1', 'busybox:1']));
    const row = screen.getAllByTestId('image-row')[0];
    expect(row.dataset.id).toBe(app.id);
    expect(within(row).getByTestId('image-row-tags').textContent).toBe('app:1, app:latest');
    expect(within(row).getByTestId('image-row-id').textContent).toBe('aaaaaaaaaaaa');
    expect(within(row).getByTestId('image-row-used').textContent).toBe('2');
    expect(within(row).getByTestId('image-row-size').textContent).toBe('1.50 MB');

    img.push({ kind: 'patch', upserted: [dangling], removed: [], version: 2 });
    await waitFor(() => expect(refs()).toEqual(['app:1', 'cccccccccccc', 'busybox:1']));
    const none = screen.getAllByTestId('image-row')[1];
    expect(within(none).getByTestId('image-row-tags').textContent).toBe('<none>');

    await fireEvent.click(screen.getByTestId('image-dangling-only'));
    await waitFor(() => expect(refs()).toEqual(['cccccccccccc']));
    await fireEvent.click(screen.getByTestId('image-dangling-only'));

    await fireEvent.input(screen.getByTestId('image-filter'), { target: { value: 'latest' } });
    await waitFor(() => expect(refs()).toEqual(['app:1']));
    await fireEvent.input(screen.getByTestId('image-filter'), { target: { value: 'sha256:bbbb' } });
    await waitFor(() => expect(refs()).toEqual(['busybox:1']));
    await fireEvent.input(screen.getByTestId('image-filter'), { target: { value: 'nothing' } });
    await waitFor(() => expect(screen.getByTestId('images-no-match')).toBeTruthy());

    img.push({ kind: 'patch', upserted: [], removed: [old.id], version: 3 });
    await fireEvent.input(screen.getByTestId('image-filter'), { target: { value: '' } });
    await waitFor(() => expect(refs()).toEqual(['app:1', 'cccccccccccc']));
  });

  it('teaches what an image is when there are none', async () => {
    img.reset();
    render(ImagesView);
    await waitFor(() =>
      expect(screen.getByTestId('images-empty').textContent).toContain('template'),
    );
  });

  it('opens an image’s details: overview and JSON tabs with the docker line', async () => {
    img.reset();
    img.rows = [app];
    img.details[app.id] = makeImageDetails(app, {
      entrypoint: ['/entry.sh'],
      exposedPorts: ['80/tcp'],
      command: 'docker image inspect app:1',
    });
    render(ImagesView);
    await waitFor(() => expect(refs()).toEqual(['app:1']));
    await fireEvent.click(screen.getByTestId('image-row-details'));
    const panel = await screen.findByTestId('image-panel');
    expect(panel.dataset.ref).toBe('app:1');
    await waitFor(() =>
      expect(screen.getByTestId('image-overview-entrypoint').textContent).toBe('/entry.sh'),
    );
    expect(screen.getByTestId('image-overview-ports').textContent).toBe('80/tcp');
    expect(screen.getByTestId('image-inspect-command-text').textContent).toBe(
      '$ docker image inspect app:1',
    );
    await fireEvent.click(screen.getByTestId('image-tab-json'));
    await waitFor(() => expect(screen.getByTestId('image-json').textContent).toContain(app.id));

    // A new tag re-reads the details (the row the tab is given has changed).
    const asked = img.inspected.length;
    img.push({
      kind: 'patch',
      upserted: [{ ...app, repoTags: [...app.repoTags, 'app:2'] }],
      removed: [],
      version: 5,
    });
    await waitFor(() => expect(img.inspected.length).toBeGreaterThan(asked));
  });
});
