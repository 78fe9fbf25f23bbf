import { describe, expect, it, vi, beforeEach, beforeAll } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { makeRow, makeStatus } from '$lib/testing/fake-ipc';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import App from '../../../App.svelte';
import { preloadSections } from '$lib/sections';
import { backend } from '$lib/testing/fake-client';
import { navigation } from '$lib/navigation.svelte';

// The views' code is loaded before the tests, as the app does once it has started.
beforeAll(() => preloadSections(), 120_000);

beforeEach(() => {
  backend.statusListeners = [];
  backend.status = makeStatus();
  backend.rows = [
    makeRow({ id: 'c-web', name: 'web', state: 'running' }),
    makeRow({ id: 'c-batch', name: 'batch', state: 'exited' }),
  ];
  backend.acted = [];
  navigation.open('home');
});

async function openPalette(): Promise<HTMLInputElement> {
  render(App);
  await screen.findByTestId('home-view');
  await fireEvent.keyDown(window, { key: 'k', code: 'KeyK', ctrlKey: true });
  return (await screen.findByTestId('palette-input')) as HTMLInputElement;
}

describe('command palette', () => {
  it('opens on Ctrl-K with the search focused, and Enter goes to the chosen view', async () => {
    const input = await openPalette();
    expect(document.activeElement).toBe(input);
    await fireEvent.input(input, { target: { value: 'volum' } });
    const first = screen.getAllByTestId('palette-entry')[0];
    expect(first).toHaveAttribute('data-title', 'Volumes');
    expect(first).toHaveAttribute('aria-selected', 'true');
    await fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(screen.queryByTestId('palette')).not.toBeInTheDocument());
    expect(navigation.section).toBe('volumes');
  });

  it('goes where a clicked entry says: the entry itself takes the click', async () => {
    const input = await openPalette();
    await fireEvent.input(input, { target: { value: 'netw' } });
    const entry = screen.getAllByTestId('palette-entry')[0];
    expect(entry).toHaveAttribute('data-title', 'Networks');
    expect(entry).toHaveAttribute('role', 'option');
    // No control inside an option (assistive technology cannot reach a nested one).
    expect(entry.querySelector('button, a, input')).toBeNull();
    await fireEvent.click(entry);
    await waitFor(() => expect(screen.queryByTestId('palette')).not.toBeInTheDocument());
    expect(navigation.section).toBe('networks');
  });

  it('finds a container by name and runs the action its state allows, showing the command', async () => {
    const input = await openPalette();
    await fireEvent.input(input, { target: { value: 'start batch' } });
    await waitFor(() =>
      expect(screen.getAllByTestId('palette-entry')[0]).toHaveAttribute(
        'data-title',
        'Start batch',
      ),
    );
    await waitFor(() =>
      expect(screen.getByTestId('palette-command-text')).toHaveTextContent('docker start batch'),
    );
    // A running container offers no Start.
    expect(screen.queryByText('Start web')).not.toBeInTheDocument();
    await fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(backend.acted).toHaveLength(1));
    expect(backend.acted[0]).toEqual({ id: 'c-batch', action: { kind: 'start' }, seen: 'exited' });
    await waitFor(() => expect(screen.queryByTestId('palette')).not.toBeInTheDocument());
  });

  it('moves with the arrows and opens a container’s details in its section', async () => {
    const input = await openPalette();
    await fireEvent.input(input, { target: { value: 'web' } });
    await waitFor(() => expect(screen.getAllByTestId('palette-entry').length).toBeGreaterThan(1));
    const titles = screen.getAllByTestId('palette-entry').map((e) => e.dataset.title);
    const details = titles.indexOf('web');
    for (let i = 0; i < details; i++) await fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(screen.getAllByTestId('palette-entry')[details]).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(navigation.section).toBe('containers'));
  });

  it('says so when nothing matches', async () => {
    const input = await openPalette();
    await fireEvent.input(input, { target: { value: 'qqqzzz' } });
    await waitFor(() =>
      expect(screen.getByTestId('palette-empty')).toHaveTextContent('Nothing is called'),
    );
  });
});

describe('shortcuts', () => {
  it('? opens the sheet listing every shortcut; it is typed, not caught, in a text field', async () => {
    render(App);
    await screen.findByTestId('home-view');
    await fireEvent.keyDown(window, { key: '?', code: 'Slash', shiftKey: true });
    const rows = (await screen.findAllByTestId('shortcut-row')).map((r) => r.dataset.keys);
    expect(rows).toContain('Ctrl+K');
    expect(rows).toContain('Ctrl+E');
    expect(rows).toContain('Alt+2');
    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('shortcuts-sheet')).not.toBeInTheDocument());
  });

  it('Alt+digit opens the section in that place of the sidebar', async () => {
    render(App);
    await screen.findByTestId('home-view');
    await fireEvent.keyDown(window, { key: '2', code: 'Digit2', altKey: true });
    await waitFor(() => expect(navigation.section).toBe('containers'));
  });
});
