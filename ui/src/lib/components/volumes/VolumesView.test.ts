// The volume list: rows named by volume, who uses each, the "unused" and text filters, the
// empty state, live deltas, sizes only when asked, and the prune dialog listing exactly the
// engine's preview and sending exactly what it listed.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { makeVolume } from '$lib/testing/fake-ipc';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));
vi.mock('virtua/svelte', async () => ({
  VList: (await import('$lib/testing/PlainList.svelte')).default,
}));

import VolumesView from './VolumesView.svelte';
import { backend } from '$lib/testing/fake-client';

const anon = 'a'.repeat(64);
const names = () => screen.queryAllByTestId('volume-row').map((r) => r.dataset.name);

beforeEach(() => {
  backend.volumes.reset();
  backend.volumes.rows = [
    makeVolume({
      name: 'db-data',
      usedBy: [{ id: 'c1', name: 'db', state: 'exited' }],
      labels: [['team', 'core']],
    }),
    makeVolume({ name: 'cache' }),
    makeVolume({ name: anon, anonymous: true }),
  ];
  backend.volumes.version = 4;
});

describe('the volume list', () => {
  it('shows every volume with who uses it, stopped users included', async () => {
    render(VolumesView);
    await waitFor(() => expect(names()).toEqual(['cache', 'db-data', anon]));
    const db = screen.getAllByTestId('volume-row')[1];
    expect(within(db).getByTestId('volume-users')).toHaveTextContent('db (exited)');
    expect(db).toHaveAttribute('data-used', 'true');
    expect(screen.getAllByTestId('volume-row')[0]).toHaveAttribute('data-used', 'false');
    expect(screen.getAllByTestId('volume-row')[2]).toHaveAttribute('data-anonymous', 'true');
  });

  it('filters by text (name, label, container) and by unused', async () => {
    render(VolumesView);
    await waitFor(() => expect(names()).toHaveLength(3));
    await fireEvent.input(screen.getByTestId('volume-filter'), { target: { value: 'team=core' } });
    expect(names()).toEqual(['db-data']);
    await fireEvent.input(screen.getByTestId('volume-filter'), { target: { value: 'db' } });
    expect(names()).toEqual(['db-data']);
    await fireEvent.input(screen.getByTestId('volume-filter'), { target: { value: 'zzz' } });
    expect(screen.getByTestId('volumes-no-match')).toBeInTheDocument();
    await fireEvent.input(screen.getByTestId('volume-filter'), { target: { value: '' } });
    await fireEvent.click(screen.getByTestId('volume-unused-only'));
    expect(names()).toEqual(['cache', anon]);
  });

  it('says when there are none', async () => {
    backend.volumes.rows = [];
    render(VolumesView);
    expect(await screen.findByTestId('volumes-empty')).toHaveTextContent('No volumes yet');
  });

  it('follows the deltas the backend pushes', async () => {
    render(VolumesView);
    await waitFor(() => expect(names()).toHaveLength(3));
    backend.volumes.push({
      kind: 'patch',
      upserted: [makeVolume({ name: 'new-one' })],
      removed: ['cache'],
      version: 5,
    });
    await waitFor(() => expect(names()).toEqual(['db-data', 'new-one', anon]));
  });

  it('measures sizes only when asked, and says when the driver cannot tell', async () => {
    backend.volumes.sizes = [
      { name: 'cache', sizeBytes: 2048 },
      { name: 'db-data', sizeBytes: null },
    ];
    render(VolumesView);
    await waitFor(() => expect(names()).toHaveLength(3));
    expect(backend.volumes.sizeCalls).toBe(0);
    const size = (i: number) =>
      within(screen.getAllByTestId('volume-row')[i]).getByTestId('volume-size');
    expect(size(0)).toHaveTextContent('—');
    await fireEvent.click(screen.getByTestId('volume-measure'));
    await waitFor(() => expect(size(0)).toHaveTextContent('2.05 kB'));
    expect(size(1)).toHaveTextContent('unknown');
    expect(size(2)).toHaveTextContent('—');
    expect(backend.volumes.sizeCalls).toBe(1);
  });
});

describe('the prune dialog', () => {
  it('lists exactly the preview and prunes exactly what it listed', async () => {
    render(VolumesView);
    await waitFor(() => expect(names()).toHaveLength(3));
    await fireEvent.click(screen.getByTestId('open-volume-prune'));
    const items = await screen.findAllByTestId('volume-prune-item');
    expect(items.map((i) => i.dataset.name)).toEqual([anon]);
    expect(screen.getByTestId('volume-prune-command-text')).toHaveTextContent(
      'docker volume prune --force',
    );
    await fireEvent.click(screen.getByTestId('volume-prune-all'));
    await waitFor(() =>
      expect(screen.getAllByTestId('volume-prune-item').map((i) => i.dataset.name)).toEqual([
        'cache',
        anon,
      ]),
    );
    expect(screen.getByTestId('volume-prune-command-text')).toHaveTextContent('--all');
    await fireEvent.click(screen.getByTestId('volume-prune-confirm'));
    await screen.findByTestId('volume-prune-done');
    expect(backend.volumes.prunes).toEqual([
      { filters: { all: true, labels: [] }, seen: ['cache', anon] },
    ]);
  });

  it('says when the engine prunes named volumes too, and offers no --all', async () => {
    backend.volumes.prunePreview = (f) => ({
      ...backend.volumes.defaultPrunePreview({ ...f, all: true }),
      allSupported: false,
    });
    render(VolumesView);
    await waitFor(() => expect(names()).toHaveLength(3));
    await fireEvent.click(screen.getByTestId('open-volume-prune'));
    expect(await screen.findByTestId('volume-prune-old-engine')).toBeInTheDocument();
    expect(screen.queryByTestId('volume-prune-all')).toBeNull();
    expect(screen.getAllByTestId('volume-prune-item')).toHaveLength(2);
  });
});

describe('the remove dialog', () => {
  it('names the containers that still use a volume and reports the refusal', async () => {
    backend.volumes.refuse['db-data'] =
      'volume db-data is in use by db: remove that container first';
    render(VolumesView);
    await waitFor(() => expect(names()).toHaveLength(3));
    const db = screen.getAllByTestId('volume-row')[1];
    await fireEvent.click(within(db).getByTestId('volume-action-remove'));
    expect(await screen.findByTestId('volume-remove-in-use')).toHaveTextContent('db (exited)');
    await waitFor(() => expect(screen.getByTestId('volume-remove-confirm')).toBeEnabled());
    await fireEvent.click(screen.getByTestId('volume-remove-confirm'));
    const result = await screen.findByTestId('action-result');
    expect(result).toHaveAttribute('data-ok', 'false');
    expect(result).toHaveTextContent('in use by db');
    expect(result).toHaveTextContent('docker volume rm db-data');
  });
});
