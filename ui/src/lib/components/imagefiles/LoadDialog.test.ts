import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import LoadDialog from './LoadDialog.svelte';
import { backend } from '$lib/testing/fake-client';

const area = backend.imageFiles;

async function started() {
  area.loads.length = 0;
  area.choices.load = '/tmp/images.tar';
  render(LoadDialog, { onclose: vi.fn() });
  await fireEvent.click(screen.getByTestId('image-load-choose'));
  await waitFor(() =>
    expect(screen.getByTestId('image-load-command-text')).toHaveTextContent(
      'docker load -i /tmp/images.tar',
    ),
  );
  await fireEvent.click(screen.getByTestId('image-load-start'));
  await waitFor(() => expect(area.loads).toHaveLength(1));
  return area.loads[0];
}

describe('the load dialog', () => {
  it('shows bytes sent of the file and then each image loaded', async () => {
    const l = await started();
    expect(l.args).toEqual(['/tmp/images.tar']);
    l.send({ type: 'data', data: { bytes: 1000, total: 4000 } });
    expect(await screen.findByTestId('image-load-progress')).toHaveTextContent(
      '1.00 kB sent to the engine of 4.00 kB',
    );
    l.send({
      type: 'end',
      end: [
        { reference: 'web:1', id: 'sha256:0123456789abcdef' },
        { reference: null, id: 'sha256:fedcba9876543210' },
      ],
    });
    const rows = await screen.findAllByTestId('image-loaded');
    expect(rows.map((r) => r.textContent?.trim())).toEqual([
      'web:1 (0123456789ab)',
      'fedcba987654 (no name)',
    ]);
    expect(screen.getByTestId('image-load-done')).toHaveTextContent('Loaded 2 image names');
  });

  it('shows the refusal in words', async () => {
    const l = await started();
    l.send({
      type: 'error',
      error: {
        code: 'invalidInput',
        message: 'file: /tmp/images.tar is not a docker image archive',
      },
    });
    expect(await screen.findByTestId('image-load-error')).toHaveTextContent(
      'is not a docker image archive',
    );
    expect(screen.getByTestId('image-load-start')).toBeEnabled();
  });
});
