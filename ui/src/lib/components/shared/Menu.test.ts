import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Menu from './Menu.svelte';

function setup() {
  const opener = document.createElement('button');
  opener.textContent = '⋯';
  document.body.append(opener);
  const chosen: string[] = [];
  const onclose = vi.fn();
  const items = ['start', 'remove', 'rename'].map((id) => ({
    label: id,
    testid: `item-${id}`,
    onselect: () => chosen.push(id),
  }));
  const view = render(Menu, { items, opener, label: 'Actions', testid: 'menu', onclose });
  return { opener, chosen, onclose, view };
}

describe('Menu', () => {
  it('moves with the arrow keys, Home and End, and wraps around', async () => {
    const { view } = setup();
    const [start, remove, rename] = ['start', 'remove', 'rename'].map((id) =>
      screen.getByTestId(`item-${id}`),
    );
    await waitFor(() => expect(start).toHaveFocus());
    await fireEvent.keyDown(start, { key: 'ArrowDown' });
    expect(remove).toHaveFocus();
    await fireEvent.keyDown(remove, { key: 'ArrowDown' });
    await fireEvent.keyDown(rename, { key: 'ArrowDown' });
    expect(start).toHaveFocus();
    await fireEvent.keyDown(start, { key: 'ArrowUp' });
    expect(rename).toHaveFocus();
    await fireEvent.keyDown(rename, { key: 'Home' });
    expect(start).toHaveFocus();
    await fireEvent.keyDown(start, { key: 'End' });
    expect(rename).toHaveFocus();
    expect(screen.getByRole('menu')).toHaveAttribute('aria-label', 'Actions');
    expect(screen.getAllByRole('menuitem')).toHaveLength(3);
    view.unmount();
  });

  it('closes on Escape, for itself only, and gives the focus back to its button', async () => {
    const { opener, onclose, view } = setup();
    const behind = vi.fn();
    const panel = (e: KeyboardEvent) => e.key === 'Escape' && behind();
    window.addEventListener('keydown', panel);
    await waitFor(() => expect(screen.getByTestId('item-start')).toHaveFocus());
    await fireEvent.keyDown(screen.getByTestId('item-start'), { key: 'Escape' });
    expect(onclose).toHaveBeenCalledTimes(1);
    expect(behind).not.toHaveBeenCalled();
    expect(opener).toHaveFocus();
    window.removeEventListener('keydown', panel);
    view.unmount();
  });

  it('runs the chosen item and closes; a click elsewhere just closes', async () => {
    const { chosen, onclose, view } = setup();
    await fireEvent.click(screen.getByTestId('item-rename'));
    expect(chosen).toEqual(['rename']);
    expect(onclose).toHaveBeenCalledTimes(1);
    await fireEvent.pointerDown(document.body);
    expect(onclose).toHaveBeenCalledTimes(2);
    expect(chosen).toEqual(['rename']);
    view.unmount();
  });
});
