// The create form asks Rust for its command as the user types, shows field errors where they
// belong, and creates only from a valid form.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import CreateNetworkDialog from './CreateNetworkDialog.svelte';
import { backend } from '$lib/testing/fake-client';

describe('the create network form', () => {
  it('shows the field error, then the command, then creates', async () => {
    const created = vi.fn();
    render(CreateNetworkDialog, { props: { onclose: () => {}, oncreated: created } });
    const error = await screen.findByTestId('field-error');
    expect(error.dataset.field).toBe('name');
    expect(screen.getByTestId<HTMLButtonElement>('network-create-apply').disabled).toBe(true);

    await fireEvent.input(screen.getByTestId('network-create-name'), {
      target: { value: 'app-net' },
    });
    await waitFor(() =>
      expect(screen.getByTestId('network-create-command-text').textContent).toContain(
        'docker network create app-net',
      ),
    );
    expect(screen.queryByTestId('field-error')).toBeNull();
    // The words follow the driver picked.
    await fireEvent.change(screen.getByTestId('network-create-driver'), {
      target: { value: 'macvlan' },
    });
    await waitFor(() =>
      expect(screen.getByTestId('network-create-driver-words').textContent).toContain('MAC'),
    );
    await fireEvent.click(screen.getByTestId('network-create-apply'));
    await waitFor(() => expect(created).toHaveBeenCalled());
    expect(backend.networks.created[0]).toMatchObject({ name: 'app-net', driver: 'macvlan' });
  });
});
