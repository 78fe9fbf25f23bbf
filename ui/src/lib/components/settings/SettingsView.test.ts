import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import SettingsView from './SettingsView.svelte';
import { backend } from '$lib/testing/fake-client';

describe('SettingsView', () => {
  it("shows the backend's heap apart from the whole app, and measures again on request", async () => {
    backend.appMemory = {
      backendHeapBytes: 12_500_000,
      processRssBytes: 150_000_000,
      wholeAppBytes: 290_000_000,
      processes: 3,
    };
    render(SettingsView);
    const heap = await screen.findByTestId('memory-backend');
    expect(heap).toHaveTextContent('12.5 MB');
    expect(heap.dataset.bytes).toBe('12500000');
    expect(screen.getByTestId('memory-whole')).toHaveTextContent('across 3 processes');

    backend.appMemory = { ...backend.appMemory, backendHeapBytes: 20_000_000 };
    await fireEvent.click(screen.getByTestId('memory-measure'));
    await waitFor(() =>
      expect(screen.getByTestId('memory-backend').dataset.bytes).toBe('20000000'),
    );
  });

  it('leaves out what the system does not say', async () => {
    backend.appMemory = {
      backendHeapBytes: 9_000_000,
      processRssBytes: null,
      wholeAppBytes: null,
      processes: null,
    };
    render(SettingsView);
    await screen.findByTestId('memory-backend');
    expect(screen.queryByTestId('memory-process')).toBeNull();
    expect(screen.queryByTestId('memory-whole')).toBeNull();
  });
});
