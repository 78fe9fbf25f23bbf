// The service form's secret and config pickers over the fake backend: they offer what the
// swarm holds (`docker secret ls` / `docker config ls`), and a secret picked goes into the
// form's `secrets` and the `docker service create` line as `--secret <name>`.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import type { SwarmObjectRow } from '$lib/ipc/client';
import ServiceFormDialog from './ServiceFormDialog.svelte';

const object = (id: string, name: string): SwarmObjectRow => ({
  id,
  name,
  createdAt: null,
  updatedAt: null,
  labels: [],
  usedBy: [],
});

describe('ServiceFormDialog secrets and configs', () => {
  it('offers the swarm’s secrets; a picked one is in the form and the create line', async () => {
    backend.swarm.objects.secret = [object('s1', 'db-pass'), object('s2', 'api-key')];
    backend.swarm.objects.config = [object('c1', 'nginx-conf')];
    render(ServiceFormDialog, { onclose: () => {} });
    await fireEvent.input(screen.getByTestId('service-form-name'), { target: { value: 'web' } });
    await fireEvent.input(screen.getByTestId('service-form-image'), {
      target: { value: 'busybox:1' },
    });

    const addSecret = screen.getByTestId('service-form-add-secret');
    await waitFor(() => expect(addSecret).toBeEnabled());
    await waitFor(() => expect(screen.getByTestId('service-form-add-config')).toBeEnabled());
    await fireEvent.click(addSecret);
    const picker = screen.getByTestId('service-form-secret-source') as HTMLSelectElement;
    const offered = within(picker)
      .getAllByRole('option')
      .map((o) => (o as HTMLOptionElement).value);
    expect(offered).toEqual(['', 'db-pass', 'api-key']);

    await fireEvent.change(picker, { target: { value: 'db-pass' } });
    await waitFor(() =>
      expect(screen.getByTestId('service-form-preview-text').textContent).toContain(
        'docker service create --name web --replicas 1 --secret db-pass busybox:1',
      ),
    );
    await waitFor(() => expect(screen.getByTestId('service-form-submit')).toBeEnabled());
    await fireEvent.click(screen.getByTestId('service-form-submit'));
    await waitFor(() => expect(backend.services.creates).toHaveLength(1));
    expect(backend.services.creates[0].secrets).toEqual([{ source: 'db-pass', target: null }]);
    expect(backend.services.creates[0].configs).toEqual([]);
  });

  it('leaves the add buttons off while the swarm holds none', async () => {
    backend.swarm.objects.secret = [];
    backend.swarm.objects.config = [];
    render(ServiceFormDialog, { onclose: () => {} });
    await waitFor(() => expect(screen.getByTestId('service-form-name')).toBeInTheDocument());
    expect(screen.getByTestId('service-form-add-secret')).toBeDisabled();
    expect(screen.getByTestId('service-form-add-config')).toBeDisabled();
  });
});
