// An inside tab registered in `insideTabs` gets its button and its body in the panel, is given
// the container it shows, and a wide tab widens the panel over the list.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { makeDetails } from '$lib/testing/fake-ipc';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import InspectPanel from './InspectPanel.svelte';
import ShowsId from './ShowsId.test.svelte';
import { insideTabs } from './insideTabs';
import { backend } from '$lib/testing/fake-client';

const kept = [...insideTabs];
afterEach(() => insideTabs.splice(0, insideTabs.length, ...kept));

describe('inside tabs', () => {
  it('shows a registered tab with the container it is given, and widens for a wide one', async () => {
    backend.details = { c1: makeDetails({ id: 'c1', name: 'web', state: 'running' }) };
    backend.client().containers.inspect = async (id: string) => backend.details[id];
    insideTabs.push({ id: 'probe', label: 'Probe', view: ShowsId, wide: true });
    render(InspectPanel, { id: 'c1', onclose: vi.fn(), ondialog: vi.fn(), onrecreate: vi.fn() });
    const panel = screen.getByTestId('inspect-panel');
    expect(panel.classList.contains('wide')).toBe(false);
    await fireEvent.click(screen.getByTestId('inspect-tab-probe'));
    const body = await screen.findByTestId('inspect-body-probe');
    expect(body.textContent).toContain('c1 web running');
    expect(panel.classList.contains('wide')).toBe(true);
    expect(panel.dataset.tab).toBe('probe');
    await fireEvent.click(screen.getByTestId('inspect-tab-overview'));
    expect(panel.classList.contains('wide')).toBe(false);
    expect(screen.queryByTestId('inspect-body-probe')).toBeNull();
  });

  it('keeps a keep-alive tab mounted, hidden, while another tab is shown', async () => {
    backend.details = { c1: makeDetails({ id: 'c1', name: 'web', state: 'running' }) };
    backend.client().containers.inspect = async (id: string) => backend.details[id];
    insideTabs.push({ id: 'probe', label: 'Probe', view: ShowsId, keepAlive: true });
    render(InspectPanel, { id: 'c1', onclose: vi.fn(), ondialog: vi.fn(), onrecreate: vi.fn() });
    await fireEvent.click(await screen.findByTestId('inspect-tab-probe'));
    const body = await screen.findByTestId('inspect-body-probe');
    expect(body.dataset.shown).toBe('true');
    await fireEvent.click(screen.getByTestId('inspect-tab-overview'));
    expect(await screen.findByTestId('inspect-overview')).toBeInTheDocument();
    // The same element, not a new one: what the tab holds (a terminal's session) lives on.
    expect(body.isConnected).toBe(true);
    expect(body.dataset.shown).toBe('false');
    expect(body.classList.contains('away')).toBe(true);
    await fireEvent.click(screen.getByTestId('inspect-tab-probe'));
    expect(screen.getByTestId('inspect-body-probe')).toBe(body);
    expect(body.dataset.shown).toBe('true');
  });

  it('folds the actions into a menu while a wide tab needs the height', async () => {
    backend.details = { c1: makeDetails({ id: 'c1', name: 'web', state: 'running' }) };
    backend.client().containers.inspect = async (id: string) => backend.details[id];
    insideTabs.push({ id: 'probe', label: 'Probe', view: ShowsId, wide: true });
    const ondialog = vi.fn();
    render(InspectPanel, { id: 'c1', onclose: vi.fn(), ondialog, onrecreate: vi.fn() });
    expect(await screen.findByTestId('inspect-stop')).toBeInTheDocument();
    expect(screen.queryByTestId('inspect-actions')).toBeNull();
    await fireEvent.click(screen.getByTestId('inspect-tab-probe'));
    await screen.findByTestId('inspect-body-probe');
    expect(screen.queryByTestId('inspect-rename')).toBeNull();
    expect(screen.queryByTestId('inspect-command')).toBeNull();
    await fireEvent.click(screen.getByTestId('inspect-actions'));
    expect(screen.getByTestId('inspect-menu-stop')).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId('inspect-menu-rename'));
    expect(ondialog).toHaveBeenCalledWith('rename', 'c1');
    await fireEvent.click(screen.getByTestId('inspect-tab-overview'));
    expect(await screen.findByTestId('inspect-rename')).toBeInTheDocument();
  });
});
