import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import SaveDialog from './SaveDialog.svelte';
import { backend } from '$lib/testing/fake-client';

const area = backend.imageFiles;
const image = { id: 'sha256:aaa', repoTags: ['web:1', 'web:2'], size: 4000 };

async function started(props: Record<string, unknown> = { image }) {
  area.saves.length = 0;
  area.choices.save = '/tmp/web_1.tar';
  render(SaveDialog, { ...props, onclose: vi.fn() });
  await fireEvent.click(screen.getByTestId('image-save-choose'));
  await waitFor(() => expect(screen.getByTestId('image-save-start')).toBeEnabled());
  await fireEvent.click(screen.getByTestId('image-save-start'));
  await waitFor(() => expect(area.saves).toHaveLength(1));
  return area.saves[0];
}

describe('the save dialog', () => {
  it('saves every tag of the image, and says the total is an estimate', async () => {
    const s = await started();
    expect(s.args).toEqual([['web:1', 'web:2'], '/tmp/web_1.tar', false]);
    await waitFor(() =>
      expect(screen.getByTestId('image-save-command-text')).toHaveTextContent(
        'docker save -o /tmp/web_1.tar web:1 web:2',
      ),
    );
    s.send({ type: 'data', data: { type: 'sized', estimatedBytes: 4000 } });
    s.send({ type: 'data', data: { type: 'progress', bytes: 2000 } });
    const bar = await screen.findByTestId('image-save-progress');
    await waitFor(() => expect(bar).toHaveTextContent('2.00 kB written of about 4.00 kB'));
    expect(bar).toHaveTextContent('an estimate');
    s.send({ type: 'end', end: { destination: '/tmp/web_1.tar', bytes: 4096 } });
    expect(await screen.findByTestId('image-save-done')).toHaveTextContent(
      'Saved 1 image (4.10 kB) to /tmp/web_1.tar',
    );
    expect(screen.queryByTestId('image-save-progress')).toBeNull();
  });

  it('saves several images (an untagged one by its id) into one file', async () => {
    const untagged = { id: 'sha256:bbb', repoTags: [], size: 10 };
    const s = await started({ images: [image, untagged] });
    expect(s.args[0]).toEqual(['web:1', 'web:2', 'sha256:bbb']);
  });

  it('cancels, says nothing was written, and offers to replace an existing file', async () => {
    const s = await started();
    await fireEvent.click(screen.getByTestId('image-save-cancel'));
    await waitFor(() => expect(s.cancelled).toBe(true));
    s.send({ type: 'error', error: { code: 'cancelled', message: 'cancelled' } });
    expect(await screen.findByTestId('image-save-error')).toHaveTextContent(
      'Save cancelled. Nothing was written.',
    );
    expect(screen.queryByTestId('image-save-replace')).toBeNull();
    await fireEvent.click(screen.getByTestId('image-save-start'));
    await waitFor(() => expect(area.saves).toHaveLength(2));
    area.saves[1].send({
      type: 'error',
      error: { code: 'conflict', message: 'destination: /tmp/web_1.tar already exists' },
    });
    await fireEvent.click(await screen.findByTestId('image-save-replace'));
    await waitFor(() => expect(area.saves).toHaveLength(3));
    expect(area.saves[2].args[2]).toBe(true);
  });
});
