// The image actions and the prune tool over the fake backend: removal shows the engine's plan
// (a refusal names the containers in the way and cannot be confirmed), tag checks the name as
// typed, and prune sends exactly the ids its preview listed.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { makeImage } from '$lib/testing/fake-images';

vi.mock('virtua/svelte', async () => ({
  VList: (await import('$lib/testing/PlainList.svelte')).default,
}));
vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import ImagesView from './ImagesView.svelte';
import { backend } from '$lib/testing/fake-client';

const img = backend.images;
const app = makeImage({ id: `sha256:${'a'.repeat(64)}`, repoTags: ['app:1'], containers: 1 });
const spare = makeImage({ id: `sha256:${'b'.repeat(64)}`, repoTags: [], dangling: true });

async function openAction(action: string) {
  render(ImagesView);
  await waitFor(() => expect(screen.getAllByTestId('image-row').length).toBeGreaterThan(0));
  await fireEvent.click(screen.getAllByTestId('image-row-details')[0]);
  await fireEvent.click(await screen.findByTestId(`image-action-${action}`));
}

describe('image actions', () => {
  it('a refused removal names the containers and cannot be confirmed; force asks again', async () => {
    img.reset();
    img.rows = [app];
    img.removePreview = (image, target, force) => ({
      id: image,
      target,
      force,
      effect: force ? 'untag' : 'refused',
      untagged: force ? [target] : [],
      keptTags: [],
      freesLayers: false,
      users: [{ id: 'c1', name: 'web', running: false }],
      note: force
        ? 'the image stays, without a name, while web (stopped) uses it'
        : 'web (stopped) uses the image',
      command: `docker image rm ${force ? '--force ' : ''}${target}`,
    });
    await openAction('remove');
    await waitFor(() =>
      expect(screen.getByTestId('image-remove-refusal').textContent).toContain('web (stopped)'),
    );
    expect(screen.getByTestId('image-remove-user').dataset.name).toBe('web');
    expect(screen.getByTestId<HTMLButtonElement>('image-remove-confirm').disabled).toBe(true);
    expect(screen.getByTestId('image-remove-command-text').textContent).toBe(
      '$ docker image rm app:1',
    );
    await fireEvent.click(screen.getByTestId('image-remove-force'));
    await waitFor(() =>
      expect(screen.getByTestId('image-remove-command-text').textContent).toBe(
        '$ docker image rm --force app:1',
      ),
    );
    await fireEvent.click(screen.getByTestId('image-remove-confirm'));
    await waitFor(() =>
      expect(img.removed).toEqual([{ image: app.id, target: 'app:1', force: true }]),
    );
  });

  it('tag checks the new name and shows the line it equals', async () => {
    img.reset();
    img.rows = [app];
    await openAction('tag');
    expect(screen.getByTestId<HTMLButtonElement>('image-tag-apply').disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('image-tag-target'), { target: { value: 'app:2' } });
    await waitFor(() =>
      expect(screen.getByTestId('image-tag-command-text').textContent).toBe(
        `$ docker image tag ${app.id} app:2`,
      ),
    );
    await fireEvent.click(screen.getByTestId('image-tag-apply'));
    await waitFor(() => expect(img.tagged).toEqual([{ image: app.id, target: 'app:2' }]));
  });

  it('prune lists exactly what its preview says and removes just those', async () => {
    img.reset();
    img.rows = [app, spare];
    render(ImagesView);
    await fireEvent.click(await screen.findByTestId('image-tool-prune'));
    await waitFor(() =>
      expect(screen.getAllByTestId('image-prune-item').map((e) => e.dataset.id)).toEqual([
        spare.id,
      ]),
    );
    expect(screen.getByTestId('image-prune-command-text').textContent).toBe(
      '$ docker image prune --force',
    );
    await fireEvent.click(screen.getByTestId('image-prune-all'));
    await waitFor(() =>
      expect(screen.getByTestId('image-prune-command-text').textContent).toBe(
        '$ docker image prune --force --all',
      ),
    );
    await fireEvent.click(screen.getByTestId('image-prune-confirm'));
    await waitFor(() => expect(img.pruned).toEqual([{ all: true, ids: [spare.id] }]));
    await waitFor(() => expect(screen.queryByTestId('image-prune-dialog')).toBeNull());
  });
});
