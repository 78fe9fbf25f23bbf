// The list every area shows its resources in: its states, the selection and the bulk bar act
// the same whatever the rows are.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import Harness from '$lib/testing/ResourceListHarness.svelte';

// jsdom lays nothing out and has no ResizeObserver: this one reports every observed element as
// 600 px tall, so the real virtual list sees a viewport and renders the window that fills it.
class SizedObserver {
  #report: ResizeObserverCallback;
  constructor(report: ResizeObserverCallback) {
    this.#report = report;
  }
  observe(target: Element) {
    const entry = { target, contentRect: { width: 800, height: 600 } };
    queueMicrotask(() => this.#report([entry as never], this as never));
  }
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver = SizedObserver as never;

const things = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `t${i}`, name: `thing ${i}` }));

function rowSelect(id: string): HTMLInputElement {
  const row = screen
    .getAllByTestId('thing-row')
    .find((r) => r.getAttribute('data-id') === id) as HTMLElement;
  return within(row).getByTestId('row-select') as HTMLInputElement;
}

describe('ResourceList', () => {
  it('says it is asking until the first answer, then shows the empty state for none', async () => {
    const view = render(Harness, { items: [], loaded: false });
    expect(screen.getByTestId('things-loading')).toHaveTextContent('Asking the engine');
    expect(screen.queryByTestId('things-empty')).toBeNull();

    await view.rerender({ items: [], loaded: true });
    expect(screen.queryByTestId('things-loading')).toBeNull();
    expect(screen.getByTestId('things-empty')).toHaveTextContent('No things yet');
    expect(screen.getByTestId('things-empty')).toHaveTextContent('Make one.');
    expect(screen.queryByTestId('head')).toBeNull();
  });

  it('tells a failed first read from a list that may be out of date', async () => {
    const view = render(Harness, { items: [], loaded: false, error: 'engine gone' });
    expect(screen.getByTestId('things-error')).toHaveTextContent('engine gone');
    expect(screen.queryByTestId('things-stale')).toBeNull();

    await view.rerender({ items: things(2), loaded: true, error: 'engine gone' });
    expect(screen.getByTestId('things-stale')).toHaveTextContent(
      'The list may be out of date: engine gone.',
    );
    expect(screen.queryByTestId('things-error')).toBeNull();
    // The rows it has stay on screen.
    expect(await screen.findAllByTestId('thing-row')).toHaveLength(2);
  });

  it('shows "nothing matches" when the filter hides every row, with the header kept', () => {
    render(Harness, { items: things(3), shownItems: [] });
    expect(screen.getByTestId('things-no-match')).toHaveTextContent('No thing matches.');
    expect(screen.getByTestId('head')).toBeInTheDocument();
    expect(screen.queryByTestId('things-empty')).toBeNull();
  });

  it('shows the bulk bar for a selection, hands it the selected ids, and clears it', async () => {
    const poked: string[][] = [];
    render(Harness, { items: things(4), onbulk: (ids: string[]) => poked.push(ids) });
    expect(screen.queryByTestId('bulk-bar')).toBeNull();

    await screen.findAllByTestId('thing-row');
    await fireEvent.click(rowSelect('t1'));
    await fireEvent.click(rowSelect('t3'));
    expect(screen.getByTestId('bulk-bar')).toHaveTextContent('2 selected');
    await fireEvent.click(screen.getByTestId('bulk-poke'));
    expect(poked).toEqual([['t1', 't3']]);

    await fireEvent.click(screen.getByTestId('bulk-clear'));
    expect(screen.queryByTestId('bulk-bar')).toBeNull();
    expect(rowSelect('t1').checked).toBe(false);
    expect(rowSelect('t3').checked).toBe(false);
  });

  it('"select all" takes the shown rows only; the bar counts hidden selections too', async () => {
    const all = things(5);
    const view = render(Harness, { items: all, shownItems: all.slice(0, 2) });
    const selectAll = screen.getByTestId('select-all') as HTMLInputElement;
    await fireEvent.click(selectAll);
    expect(screen.getByTestId('bulk-bar')).toHaveTextContent('2 selected');
    expect(selectAll.checked).toBe(true);

    // The filter changes: the two stay selected though hidden, and "select all" is unticked
    // because not every shown row is selected.
    await view.rerender({ items: all, shownItems: all.slice(2) });
    expect(screen.getByTestId('bulk-bar')).toHaveTextContent('2 selected');
    expect((screen.getByTestId('select-all') as HTMLInputElement).checked).toBe(false);
    await fireEvent.click(screen.getByTestId('select-all'));
    expect(screen.getByTestId('bulk-bar')).toHaveTextContent('5 selected');

    // Unticking it unselects the shown rows only.
    await fireEvent.click(screen.getByTestId('select-all'));
    expect(screen.getByTestId('bulk-bar')).toHaveTextContent('2 selected');
  });

  it('puts only a window of many rows in the page', async () => {
    render(Harness, { items: things(10_000) });
    const rows = await screen.findAllByTestId('thing-row');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(200);
    expect(rows[0]).toHaveAttribute('data-id', 't0');
  });

  it('shows the pointed-at command and the last three outcomes in the footer', async () => {
    const view = render(Harness, { items: things(1) });
    expect(screen.getByTestId('action-footer')).toHaveTextContent(
      'Point at an action to see the docker command it runs.',
    );
    const results = [4, 3, 2, 1].map((n) => ({
      command: `docker stop t${n}`,
      ok: n !== 3,
      message: n === 3 ? 'refused' : 'done',
    }));
    await view.rerender({ items: things(1), hint: 'docker start t0', results });
    expect(screen.getByTestId('action-hint')).toHaveTextContent('$ docker start t0');
    const shown = screen.getAllByTestId('action-result');
    expect(shown.map((r) => r.getAttribute('data-ok'))).toEqual(['true', 'false', 'true']);
    expect(shown[1]).toHaveTextContent('$ docker stop t3 — ✗ refused');
  });
});
