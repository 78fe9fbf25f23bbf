// The scale dialog: starts at the current count, refuses what is not 0–100, sends the number
// for the service, and shows the command it equals.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import ScaleDialog from './ScaleDialog.svelte';

describe('ScaleDialog', () => {
  it('scales the service to the number given', async () => {
    render(ScaleDialog, { project: 'shop', service: 'web', current: 1, onclose: () => {} });
    const input = screen.getByTestId('compose-scale-replicas') as HTMLInputElement;
    expect(input.value).toBe('1');
    await fireEvent.input(input, { target: { value: '300' } });
    expect(screen.getByTestId('compose-scale-confirm')).toBeDisabled();
    await fireEvent.input(input, { target: { value: '3' } });
    await fireEvent.click(screen.getByTestId('compose-scale-confirm'));
    await waitFor(() =>
      expect(backend.composeStacks.actions).toEqual([
        { project: 'shop', service: 'web', action: { kind: 'scale', replicas: 3 } },
      ]),
    );
    expect((await screen.findByTestId('compose-scale-command-text')).textContent).toContain(
      '--scale web=3 web',
    );
  });
});
