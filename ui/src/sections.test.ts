// The sidebar is the section registry: one button per entry, in its order, each showing its
// view. A new area adds an entry and gets its button and its place in the window.
import { describe, expect, it, vi, beforeAll } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { makeRow } from '$lib/testing/fake-ipc';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));
// jsdom lays nothing out, so the virtualised list would render no rows: render them all.
vi.mock('virtua/svelte', async () => ({
  VList: (await import('$lib/testing/PlainList.svelte')).default,
}));

import App from './App.svelte';
import { preloadSections, sections } from '$lib/sections';
import { backend } from '$lib/testing/fake-client';

/** A loaded machine is slow to mount the first view; wait as long as that may take. */
const slow = { timeout: 10_000 };

// The views' code is loaded before the tests, as the app does once it has started.
beforeAll(() => preloadSections(), 120_000);

describe('the sidebar', () => {
  it('has one button per section, in order, and each shows its view', async () => {
    backend.rows = [makeRow({ id: 'c1', name: 'web' })];
    render(App);
    const nav = await screen.findByRole('navigation', { name: 'Sections' }, slow);
    // The engine badge (which opens the engine switcher) sits in the sidebar too, first; every
    // other button is a section's.
    const [badge, ...buttons] = within(nav).getAllByRole('button');
    expect(badge.dataset.testid).toBe('engine-badge');
    expect(buttons.map((b) => b.dataset.testid)).toEqual(sections.map((s) => `nav-${s.id}`));
    expect(buttons.map((b) => b.textContent)).toEqual(sections.map((s) => s.label));

    // The first section shows at start.
    expect(await screen.findByTestId('home-view', {}, slow)).toBeInTheDocument();
    expect(screen.queryByTestId('containers-view')).toBeNull();

    await fireEvent.click(screen.getByTestId('nav-containers'));
    expect(await screen.findByTestId('containers-view', {}, slow)).toBeInTheDocument();
    expect(screen.queryByTestId('home-view')).toBeNull();
    expect(await screen.findByTestId('container-row', {}, slow)).toHaveAttribute(
      'data-name',
      'web',
    );
    expect(screen.getByTestId('nav-containers')).toHaveClass('active');

    await fireEvent.click(screen.getByTestId('nav-home'));
    expect(await screen.findByTestId('home-view')).toBeInTheDocument();
    expect(screen.queryByTestId('containers-view')).toBeNull();
  }, 40_000);
});
