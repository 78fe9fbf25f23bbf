import { describe, expect, it } from 'vitest';
import { createRawSnippet, type Component } from 'svelte';
import { fireEvent, render, screen } from '@testing-library/svelte';
import KeyValueRows from './KeyValueRows.svelte';

/** Stands in for a form's error line: names the field path it was asked about. */
const fieldError = createRawSnippet((field: () => string) => ({
  render: () => `<i data-testid="asked">${field()}</i>`,
}));

// Typed loosely: render() cannot infer a generic component's type parameters from its props.
const Rows = KeyValueRows as unknown as Component<Record<string, unknown>>;

function show(rows: { name: string; value: string }[]) {
  return render(Rows, {
    rows,
    keyField: 'name',
    blank: () => ({ name: '', value: '' }),
    path: 'env',
    keyPlaceholder: 'NAME',
    keyLabel: 'Variable name',
    valueLabel: 'Value',
    removeLabel: 'Remove variable',
    addText: 'Add a variable',
    addTestid: 'add-env',
    rowTestid: 'env-row',
    fieldError,
  });
}

describe('KeyValueRows', () => {
  it('edits, adds and removes rows in the array it was given', async () => {
    const rows = $state([
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ]);
    show(rows);
    expect(screen.getAllByTestId('env-row')).toHaveLength(2);
    const keys = screen.getAllByLabelText('Variable name') as HTMLInputElement[];
    expect(keys.map((k) => k.value)).toEqual(['A', 'B']);

    await fireEvent.input(screen.getAllByLabelText('Value')[1], { target: { value: 'two' } });
    expect(rows[1]).toEqual({ name: 'B', value: 'two' });

    await fireEvent.click(screen.getByTestId('add-env'));
    expect(rows).toHaveLength(3);
    expect(screen.getAllByTestId('env-row')).toHaveLength(3);

    await fireEvent.click(screen.getAllByLabelText('Remove variable')[0]);
    expect(rows.map((r) => r.name)).toEqual(['B', '']);
    expect(screen.getAllByTestId('env-row')).toHaveLength(2);
  });

  it("asks for each row's key error by the field path Rust uses", () => {
    const rows = $state([
      { name: 'A', value: '1' },
      { name: '', value: '2' },
    ]);
    show(rows);
    expect(screen.getAllByTestId('asked').map((e) => e.textContent)).toEqual([
      'env[0].name',
      'env[1].name',
    ]);
  });
});
