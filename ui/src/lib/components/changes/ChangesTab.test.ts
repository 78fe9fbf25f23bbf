// The Changes tab: the tree with marks and counts, folding, and words when nothing changed.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { makeDetails } from '$lib/testing/fake-ipc';
import type { ChangeNode } from '$lib/ipc/client';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import ChangesTab from './ChangesTab.svelte';

function node(path: string, kind: ChangeNode['kind'], children: ChangeNode[] = []): ChangeNode {
  const count = (k: string) => children.filter((c) => c.kind === k).length;
  return {
    name: path.split('/').pop() ?? '',
    path,
    kind,
    children,
    added: count('added'),
    changed: count('changed'),
    deleted: count('deleted'),
  };
}

describe('ChangesTab', () => {
  it('shows the tree with A/C/D marks and counts, and folds', async () => {
    backend.inside.changes = () => ({
      roots: [
        node('/etc', 'changed', [node('/etc/motd', 'deleted')]),
        node('/tmp', 'changed', [node('/tmp/new.txt', 'added'), node('/tmp/old', 'changed')]),
      ],
      added: 1,
      changed: 3,
      deleted: 1,
    });
    render(ChangesTab, { id: 'c1', details: makeDetails({ id: 'c1', name: 'web' }) });
    await waitFor(() => expect(screen.getAllByTestId('change-row')).toHaveLength(5));
    expect(screen.getByTestId('changes-summary').textContent).toContain('1 added');
    const added = screen
      .getAllByTestId('change-row')
      .find((r) => r.dataset.path === '/tmp/new.txt');
    expect(added?.dataset.kind).toBe('added');
    expect(added?.textContent).toContain('A');
    expect(screen.getAllByTestId('change-counts')[1].textContent).toBe('1 A · 1 C');
    await fireEvent.click(screen.getAllByTestId('change-fold')[1]);
    expect(screen.getAllByTestId('change-row')).toHaveLength(3);
    expect((await screen.findByTestId('diff-command-text')).textContent).toContain(
      'docker diff web',
    );
  });

  it('says when nothing changed', async () => {
    backend.inside.changes = () => ({ roots: [], added: 0, changed: 0, deleted: 0 });
    render(ChangesTab, { id: 'c2', details: makeDetails({ id: 'c2', state: 'exited' }) });
    expect((await screen.findByTestId('changes-empty')).textContent).toContain('has not added');
  });
});
