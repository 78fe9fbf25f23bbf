// The down dialog: the exact list from the engine's preview, asked again when an option
// changes, the command it equals, and down sent with the plan the user saw.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import { makeProject } from '$lib/testing/fake-compose-stacks';
import DownDialog from './DownDialog.svelte';

const items = () =>
  screen.getAllByTestId('compose-down-item').map((i) => `${i.dataset.kind}:${i.dataset.name}`);

describe('DownDialog', () => {
  it('lists exactly what goes for each option and downs that plan', async () => {
    backend.composeStacks.projects = [makeProject()];
    let done = 0;
    render(DownDialog, { project: 'shop', onclose: () => {}, ondone: () => done++ });
    await waitFor(() => expect(items()).toEqual(['container:shop-web-1', 'network:shop_default']));
    expect(screen.getByTestId('compose-down-command-text').textContent).toContain(
      'docker compose -p shop down',
    );

    await fireEvent.click(screen.getByTestId('compose-down-volumes'));
    await waitFor(() =>
      expect(items()).toEqual(['container:shop-web-1', 'network:shop_default', 'volume:shop_data']),
    );
    await fireEvent.change(screen.getByTestId('compose-down-images'), {
      target: { value: 'all' },
    });
    await waitFor(() => expect(items()).toContain('image:nginx:1'));
    expect(screen.getByTestId('compose-down-command-text').textContent).toContain(
      'docker compose -p shop down -v --rmi all',
    );
    expect(backend.composeStacks.previews.at(-1)).toEqual({
      project: 'shop',
      options: { volumes: true, images: 'all' },
    });

    await fireEvent.click(screen.getByTestId('compose-down-confirm'));
    await waitFor(() => expect(backend.composeStacks.downs).toHaveLength(1));
    const plan = backend.composeStacks.downs[0];
    expect(plan.volumes.map((v) => v.name)).toEqual(['shop_data']);
    expect(plan.options).toEqual({ volumes: true, images: 'all' });
    expect((await screen.findAllByTestId('compose-down-step'))[0].textContent).toContain('removed');
    expect(done).toBe(1);
  });

  it('has nothing to confirm when nothing is left', async () => {
    backend.composeStacks.projects = [];
    render(DownDialog, { project: 'gone', onclose: () => {} });
    expect(await screen.findByTestId('compose-down-nothing')).toBeInTheDocument();
    expect(screen.getByTestId('compose-down-confirm')).toBeDisabled();
  });
});
