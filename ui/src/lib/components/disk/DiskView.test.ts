import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import DiskView from './DiskView.svelte';
import { backend } from '$lib/testing/fake-client';
import { FakeDiskArea, makeBreakdown } from '$lib/testing/fake-disk';
import type { DiskBreakdown } from '$lib/ipc/client';

beforeEach(() => {
  backend.disk = new FakeDiskArea();
});

const kind = (id: string) =>
  screen.getAllByTestId('disk-kind').find((k) => k.dataset.kind === id) as HTMLElement;

describe('the Disk page', () => {
  it('shows each kind with its sizes, as docker system df does', async () => {
    render(DiskView);
    await waitFor(() => expect(screen.getAllByTestId('disk-kind')).toHaveLength(4));
    const images = within(kind('images'));
    expect(images.getByTestId('disk-kind-total')).toHaveTextContent('2');
    expect(images.getByTestId('disk-kind-size')).toHaveTextContent('5.00 MB');
    expect(images.getByTestId('disk-kind-reclaimable')).toHaveTextContent('2.00 MB (40%)');
    expect(within(kind('volumes')).getByTestId('disk-kind-size')).toHaveTextContent('700 B');
    // The chart's figures in words.
    expect(screen.getByTestId('disk-chart-summary')).toHaveTextContent(
      'Containers: 4.00 kB, 3.00 kB reclaimable',
    );
    expect(screen.getByTestId('disk-command-text')).toHaveTextContent('docker system df -v');
  });

  it('opens a kind into its objects, telling reclaimable from in use', async () => {
    render(DiskView);
    await waitFor(() => expect(screen.getAllByTestId('disk-kind')).toHaveLength(4));
    const containers = within(kind('containers'));
    await fireEvent.click(containers.getByTestId('disk-kind-toggle'));
    const rows = containers.getAllByTestId('disk-detail-row');
    expect(rows.map((r) => r.dataset.key)).toEqual(['c1', 'c2']);
    expect(rows[0]).toHaveTextContent('in use');
    expect(rows[1]).toHaveTextContent('reclaimable');
    expect(within(kind('buildCache')).queryByTestId('disk-detail')).toBeNull();
  });

  it('keeps the last figures while measuring again, with progress, and shows a failure', async () => {
    render(DiskView);
    await waitFor(() => expect(screen.getAllByTestId('disk-kind')).toHaveLength(4));
    let answer: (df: DiskBreakdown) => void = () => {};
    const api = backend.client();
    const usage = api.disk.usage;
    api.disk.usage = () => new Promise((r) => (answer = r));
    await fireEvent.click(screen.getByTestId('disk-refresh'));
    expect(screen.getByTestId('disk-measuring')).toBeInTheDocument();
    expect(screen.getByTestId('disk-refresh')).toBeDisabled();
    expect(screen.getAllByTestId('disk-kind')).toHaveLength(4);
    const bigger = makeBreakdown();
    bigger.totals.images.total = 9;
    answer(bigger);
    await waitFor(() =>
      expect(within(kind('images')).getByTestId('disk-kind-total')).toHaveTextContent('9'),
    );
    expect(screen.queryByTestId('disk-measuring')).toBeNull();

    api.disk.usage = async () => {
      throw new Error('the engine answered 500: boom');
    };
    await fireEvent.click(screen.getByTestId('disk-refresh'));
    await waitFor(() => expect(screen.getByTestId('disk-error')).toHaveTextContent('boom'));
    api.disk.usage = usage;
  });

  it('opens the clean-up dialog and measures again after a prune', async () => {
    render(DiskView);
    await waitFor(() => expect(backend.disk.usageCalls).toBe(1));
    await fireEvent.click(screen.getByTestId('disk-clean-up'));
    expect(screen.getByTestId('prune-dialog')).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByTestId('prune-part')).toHaveLength(4));
    backend.disk.result = {
      command: 'docker system prune -f',
      parts: [],
      reclaimedBytes: 0,
      stopped: null,
    };
    await waitFor(() => expect(screen.getByTestId('prune-confirm')).toBeEnabled());
    await fireEvent.click(screen.getByTestId('prune-confirm'));
    await fireEvent.click(await screen.findByTestId('prune-close'));
    await waitFor(() => expect(backend.disk.usageCalls).toBe(2));
    expect(screen.queryByTestId('prune-dialog')).toBeNull();
  });

  it('says something when a refusal comes without words', async () => {
    backend.client().disk.usage = async () => {
      throw new Error('');
    };
    render(DiskView);
    await waitFor(() => expect(screen.getByTestId('disk-error')).toHaveTextContent('no reason'));
  });
});
