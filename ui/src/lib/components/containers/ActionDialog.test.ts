import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { ContainerRow, RemovalItem } from '$lib/ipc/client';

/** Each removal preview asked for, answered (or failed) by the test. */
const previews = vi.hoisted(
  () =>
    [] as {
      ids: string[];
      answer: (r: RemovalItem[]) => void;
      fail: (e: Error) => void;
    }[],
);

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import ActionDialog from './ActionDialog.svelte';
import { backend } from '$lib/testing/fake-client';

backend.client().containers.removalPreview = (ids: string[]) =>
  new Promise<RemovalItem[]>((answer, fail) => previews.push({ ids, answer, fail }));

const row: ContainerRow = {
  id: 'c1',
  name: 'web',
  image: 'nginx',
  command: 'nginx',
  createdMs: 1,
  state: 'exited',
  status: 'Exited (0) 1 minute ago',
  exitCode: 0,
  ports: [],
  composeProject: null,
  composeService: null,
};
const item: RemovalItem = {
  id: 'c1',
  name: 'web',
  state: 'exited',
  writableLayerBytes: 12_000,
  anonymousVolumes: [],
};

function open() {
  previews.length = 0;
  const onconfirm = vi.fn();
  render(ActionDialog, { kind: 'remove', targets: [row], onconfirm, onclose: vi.fn() });
  return onconfirm;
}

describe('the remove dialog', () => {
  it('lets Remove be pressed only once it has listed what goes', async () => {
    const onconfirm = open();
    await waitFor(() => expect(previews).toHaveLength(1));
    const confirm = screen.getByTestId('action-confirm');
    expect(confirm).toBeDisabled();
    expect(screen.getByTestId('removal-pending')).toBeInTheDocument();

    previews[0].answer([item]);
    await waitFor(() => expect(confirm).toBeEnabled());
    expect(screen.getByTestId('removal-item')).toHaveTextContent('12.0 kB written');
    await fireEvent.click(confirm);
    expect(onconfirm).toHaveBeenCalledWith({ kind: 'remove', force: false, volumes: false });
  });

  it('says why when the preview fails, keeps Remove off, and can ask again', async () => {
    const onconfirm = open();
    await waitFor(() => expect(previews).toHaveLength(1));
    previews[0].fail(new Error('the engine is not answering'));
    const error = await screen.findByTestId('removal-error');
    expect(error).toHaveTextContent('the engine is not answering');
    const confirm = screen.getByTestId('action-confirm');
    expect(confirm).toBeDisabled();

    await fireEvent.click(screen.getByTestId('removal-retry'));
    await waitFor(() => expect(previews).toHaveLength(2));
    expect(previews[1].ids).toEqual(['c1']);
    expect(screen.queryByTestId('removal-error')).toBeNull();
    expect(confirm).toBeDisabled();
    previews[1].answer([item]);
    await waitFor(() => expect(confirm).toBeEnabled());
    await fireEvent.click(confirm);
    expect(onconfirm).toHaveBeenCalledTimes(1);
  });
});
