import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import Dialog from './Dialog.svelte';

const body = createRawSnippet(() => ({ render: () => '<p>body</p>' }));

describe('Dialog', () => {
  it('takes Escape for itself: the panel it was opened from stays open', async () => {
    const panelClosed = vi.fn();
    // What a side panel does (InspectPanel): close on Escape from a window listener.
    const panel = (e: KeyboardEvent) => e.key === 'Escape' && panelClosed();
    window.addEventListener('keydown', panel);
    const onclose = vi.fn();
    const { unmount } = render(Dialog, { title: 'Commit web', onclose, children: body });
    await fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(onclose).toHaveBeenCalledTimes(1);
    expect(panelClosed).not.toHaveBeenCalled();
    await fireEvent.keyDown(document.body, { key: 'Enter' });
    expect(onclose).toHaveBeenCalledTimes(1);
    unmount();
    // With no dialog open, the panel gets Escape again.
    await fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(panelClosed).toHaveBeenCalledTimes(1);
    window.removeEventListener('keydown', panel);
  });
});
