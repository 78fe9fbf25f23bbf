import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import PruneDialog from './PruneDialog.svelte';
import { backend } from '$lib/testing/fake-client';
import { FakeDiskArea, makePrunePreview } from '$lib/testing/fake-disk';

beforeEach(() => {
  backend.disk = new FakeDiskArea();
});

const part = (id: string) =>
  screen.getAllByTestId('prune-part').find((p) => p.dataset.part === id) as HTMLElement;

describe('the clean-up dialog', () => {
  it('lists every object each part would remove, with sizes and the command', async () => {
    render(PruneDialog, { onclose: vi.fn() });
    await waitFor(() => expect(screen.getAllByTestId('prune-part')).toHaveLength(4));
    expect(backend.disk.previews[0]).toEqual({ all: false, volumes: false, filters: [] });
    const containers = within(part('containers'));
    expect(containers.getByTestId('prune-item')).toHaveTextContent('old');
    expect(containers.getByTestId('prune-item')).toHaveTextContent('3.00 kB');
    expect(within(part('networks')).getByTestId('prune-item').dataset.name).toBe('spare');
    expect(screen.getByTestId('prune-command-text')).toHaveTextContent('docker system prune -f');
    expect(screen.getByTestId('prune-total')).toHaveTextContent(
      '3 objects to remove, freeing 2.00 MB',
    );
    expect(screen.getByTestId('prune-confirm')).toHaveTextContent('Remove 3 objects');
  });

  it('asks again when the options change, and cannot confirm until the new list is in', async () => {
    render(PruneDialog, { onclose: vi.fn() });
    await waitFor(() => expect(screen.getByTestId('prune-confirm')).toBeEnabled());
    let answer: (v: ReturnType<typeof makePrunePreview>) => void = () => {};
    backend.disk.answer = () => new Promise((r) => (answer = r));
    await fireEvent.click(screen.getByTestId('prune-all'));
    await fireEvent.click(screen.getByTestId('prune-volumes'));
    await fireEvent.input(screen.getByTestId('prune-label'), { target: { value: 'team=web' } });
    expect(screen.getByTestId('prune-confirm')).toBeDisabled();
    await waitFor(() =>
      expect(backend.disk.previews.at(-1)).toEqual({
        all: true,
        volumes: true,
        filters: ['label=team=web'],
      }),
    );
    expect(screen.getByTestId('prune-confirm')).toBeDisabled();
    answer(
      makePrunePreview({
        command: 'docker system prune -a --volumes --filter label=team=web -f',
        parts: [
          {
            part: 'volumes',
            what: 'all anonymous volumes not used by at least one container',
            items: [{ id: 'v9', name: 'v9', sizeBytes: 10, detail: 'anonymous, unused' }],
            freesBytes: 10,
            note: null,
          },
          {
            part: 'buildCache',
            what: 'all build cache',
            items: [],
            freesBytes: 0,
            note: 'The engine does not filter build cache by label.',
          },
        ],
        freesBytes: 10,
      }),
    );
    await waitFor(() => expect(screen.getByTestId('prune-confirm')).toBeEnabled());
    expect(screen.getByTestId('prune-note')).toHaveTextContent('does not filter build cache');
    expect(screen.getByTestId('prune-command-text')).toHaveTextContent('--filter label=team=web');
  });

  it('removes what was listed and says what went and what was kept', async () => {
    const onclose = vi.fn();
    render(PruneDialog, { onclose });
    await waitFor(() => expect(screen.getByTestId('prune-confirm')).toBeEnabled());
    backend.disk.result = {
      command: 'docker system prune -f',
      parts: [
        {
          part: 'containers',
          removed: [{ id: 'c2', name: 'old', sizeBytes: 3000, detail: 'exited' }],
          kept: [],
          reclaimedBytes: 3000,
        },
        {
          part: 'networks',
          removed: [],
          kept: [{ id: 'n1', name: 'spare', reason: 'network spare has active endpoints' }],
          reclaimedBytes: 0,
        },
      ],
      reclaimedBytes: 3000,
      stopped: null,
    };
    await fireEvent.click(screen.getByTestId('prune-confirm'));
    await waitFor(() => expect(screen.getByTestId('prune-result')).toBeInTheDocument());
    expect(backend.disk.prunes[0].seen).toEqual(['c2', 'n1', 'sha256:bbb']);
    expect(screen.getByTestId('prune-reclaimed')).toHaveTextContent('3.00 kB');
    expect(screen.getByTestId('prune-removed').dataset.id).toBe('c2');
    expect(screen.getByTestId('prune-kept')).toHaveTextContent('active endpoints');
    await fireEvent.click(screen.getByTestId('prune-close'));
    expect(onclose).toHaveBeenCalledWith(true);
  });

  it('shows why the preview failed and offers nothing to confirm', async () => {
    backend.disk.answer = async () => {
      throw new Error('filters: until `soon` is not a time');
    };
    render(PruneDialog, { onclose: vi.fn() });
    await waitFor(() => expect(screen.getByTestId('prune-error')).toHaveTextContent('until'));
    expect(screen.getByTestId('prune-confirm')).toBeDisabled();
  });
});
