// The run form's Ports section in a service's form: no host address, each row says ingress or
// host, and the publishing modes are explained; the run form keeps its host address field.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import ServiceFormDialog from './ServiceFormDialog.svelte';

describe('ports with publish modes', () => {
  it('publishes a row on the node only when host is chosen', async () => {
    render(ServiceFormDialog, { onclose: () => {} });
    await fireEvent.input(screen.getByTestId('service-form-image'), {
      target: { value: 'busybox:1' },
    });
    await fireEvent.click(screen.getByTestId('add-port'));
    expect(screen.queryByLabelText('Host address')).toBeNull();
    expect(document.querySelector('[data-concept="publish-mode"]')?.textContent ?? '').toContain(
      'routing mesh',
    );
    await fireEvent.input(screen.getByTestId('port-container'), { target: { value: '53' } });
    await fireEvent.change(screen.getByTestId('port-mode'), { target: { value: 'host' } });
    await waitFor(() =>
      expect(backend.services.previews.at(-1)?.ports).toEqual([
        { published: null, target: 53, protocol: 'tcp', mode: 'host' },
      ]),
    );
  });
});
