import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import SearchDialog from './SearchDialog.svelte';
import { backend } from '$lib/testing/fake-client';
import { makeHit } from '$lib/testing/fake-image-files';

const area = backend.imageFiles;

async function search(term: string) {
  await fireEvent.input(screen.getByTestId('image-search-term'), { target: { value: term } });
  await fireEvent.click(screen.getByTestId('image-search-go'));
}

describe('the search dialog', () => {
  it('lists what Docker Hub found and hands a result to the pull dialog', async () => {
    area.searchAnswer = [
      makeHit(),
      makeHit({ name: 'someone/nginx-proxy', official: false, stars: 12, description: '' }),
    ];
    const onpull = vi.fn();
    render(SearchDialog, { onclose: vi.fn(), onpull });
    await search('nginx');
    const hits = await screen.findAllByTestId('image-search-hit');
    expect(hits.map((h) => h.dataset.name)).toEqual(['nginx', 'someone/nginx-proxy']);
    expect(hits[0]).toHaveTextContent('official');
    expect(hits[1]).not.toHaveTextContent('official');
    await waitFor(() =>
      expect(screen.getByTestId('image-search-command-text')).toHaveTextContent(
        'docker search --limit 25 nginx',
      ),
    );
    await fireEvent.click(hits[1].querySelector('[data-testid="image-search-pull"]')!);
    expect(onpull).toHaveBeenCalledWith('someone/nginx-proxy');
  });

  it('says so when the engine cannot reach Docker Hub, and when nothing matches', async () => {
    area.searchAnswer = new Error(
      'Docker Hub could not be searched: the Docker engine could not reach it.',
    );
    render(SearchDialog, { onclose: vi.fn() });
    await search('busybox');
    expect(await screen.findByTestId('image-search-error')).toHaveTextContent('could not reach it');
    area.searchAnswer = [];
    await search('zzzz');
    expect(await screen.findByTestId('empty-state')).toHaveTextContent('zzzz');
    expect(screen.queryByTestId('image-search-error')).toBeNull();
  });
});
