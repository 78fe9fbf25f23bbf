// The inspect panel re-reads its container when a pushed change names it, and only then: a
// change to another container (or to none) costs no `docker inspect`.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { makeDetails, makeRow } from '$lib/testing/fake-ipc';

vi.mock('virtua/svelte', async () => ({
  VList: (await import('$lib/testing/PlainList.svelte')).default,
}));

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import ContainersView from './ContainersView.svelte';
import { backend } from '$lib/testing/fake-client';

const web = makeRow({ id: 'c1', name: 'web', state: 'exited', status: 'Exited (0) 1 minute ago' });
const db = makeRow({ id: 'c2', name: 'db', state: 'exited', status: 'Exited (0) 1 minute ago' });

describe('the inspect panel in the containers view', () => {
  it('re-reads its container only when a change names it', async () => {
    const fake = backend;
    fake.rows = [web, db];
    fake.version = 1;
    fake.details = {
      c1: makeDetails({ id: 'c1', name: 'web', state: 'exited' }),
      c2: makeDetails({ id: 'c2', name: 'db', state: 'exited' }),
    };
    render(ContainersView);
    const names = await screen.findAllByTestId('row-name');
    await fireEvent.click(names.find((n) => n.textContent === 'web')!);
    await screen.findByTestId('inspect-overview');
    expect(fake.inspected).toEqual(['c1']);

    // Another container changed: no re-read.
    fake.pushDelta({
      kind: 'patch',
      upserted: [{ ...db, state: 'running' }],
      removed: [],
      version: 2,
    });
    await waitFor(() =>
      expect(screen.getAllByTestId('container-row').map((r) => r.dataset.state)).toContain(
        'running',
      ),
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.inspected).toEqual(['c1']);

    // This one changed: read again.
    fake.pushDelta({
      kind: 'patch',
      upserted: [{ ...web, state: 'running' }],
      removed: [],
      version: 3,
    });
    await waitFor(() => expect(fake.inspected).toEqual(['c1', 'c1']));
  });
});
