// "Run…" on an image: the app switches to the Containers view with a request for the run form
// on that image (by its first tag, or its short id when it has none).
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { makeImage } from '$lib/testing/fake-images';

vi.mock('virtua/svelte', async () => ({
  VList: (await import('$lib/testing/PlainList.svelte')).default,
}));
vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import ImagesView from './ImagesView.svelte';
import { backend } from '$lib/testing/fake-client';
import { navigation } from '$lib/navigation.svelte';

describe('Run… on an image', () => {
  it('asks for the run form on that image, once', async () => {
    backend.images.reset();
    backend.images.rows = [
      makeImage({ id: `sha256:${'c'.repeat(64)}`, repoTags: [], dangling: true }),
    ];
    navigation.section = 'images';
    render(ImagesView);
    await fireEvent.click(await screen.findByTestId('image-row-details'));
    await fireEvent.click(await screen.findByTestId('image-action-run'));
    await waitFor(() => expect(navigation.section).toBe('containers'));
    expect(navigation.takeRunImage()).toBe('cccccccccccc');
    expect(navigation.takeRunImage()).toBeNull();
  });
});
