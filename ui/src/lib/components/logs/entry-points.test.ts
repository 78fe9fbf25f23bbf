// Merged logs open from the containers list: the bulk bar's "Logs of selected" on two or more
// containers, and a compose project's "Logs" on all its containers.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { makeRow } from '$lib/testing/fake-ipc';

vi.mock('virtua/svelte', async () => ({
  VList: (await import('$lib/testing/PlainList.svelte')).default,
}));
vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import ContainersView from '../containers/ContainersView.svelte';
import { backend } from '$lib/testing/fake-client';

const feed = backend.logs;

describe('merged logs from the containers list', () => {
  it('opens for the selection, and for a compose project', async () => {
    backend.rows = [
      makeRow({ id: 'a1', name: 'web', composeProject: 'shop', composeService: 'web' }),
      makeRow({ id: 'b2', name: 'db', composeProject: 'shop', composeService: 'db' }),
      makeRow({ id: 'c3', name: 'lone' }),
    ];
    backend.version = 1;
    render(ContainersView);
    const rows = await screen.findAllByTestId('container-row');
    const select = (name: string) =>
      fireEvent.click(within(rows.find((r) => r.dataset.name === name)!).getByTestId('row-select'));
    await select('web');
    expect(screen.getByTestId('bulk-logs')).toBeDisabled();
    await select('lone');
    await fireEvent.click(screen.getByTestId('bulk-logs'));
    const panel = await screen.findByTestId('merged-logs');
    expect(panel.textContent).toContain('Logs of 2 selected containers');
    await new Promise((r) => setTimeout(r, 0));
    expect(feed.streams[feed.streams.length - 1].request.ids.sort()).toEqual(['a1', 'c3']);
    await fireEvent.click(screen.getByTestId('merged-logs-close'));
    expect(screen.queryByTestId('merged-logs')).toBeNull();
    expect(feed.streams[feed.streams.length - 1].cancelled).toBe(true);

    const group = screen.getAllByTestId('compose-group').find((g) => g.dataset.project === 'shop')!;
    await fireEvent.click(within(group).getByTestId('group-logs'));
    expect((await screen.findByTestId('merged-logs')).textContent).toContain(
      'Logs of project shop',
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(feed.streams[feed.streams.length - 1].request.ids.sort()).toEqual(['a1', 'b2']);
  });
});
