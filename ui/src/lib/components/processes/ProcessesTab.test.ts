// The Processes tab: the table of a running container read at once and again with the ps
// options typed; the engine's refusal in words; a stopped container gets words and no call.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { makeDetails } from '$lib/testing/fake-ipc';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import ProcessesTab from './ProcessesTab.svelte';

describe('ProcessesTab', () => {
  it('lists the processes, and again with the ps options typed', async () => {
    backend.inside.top = (_id, psArgs) =>
      psArgs
        ? { titles: ['PID', 'USER', 'COMMAND'], processes: [['42', 'root', 'sleep 300']] }
        : { titles: ['UID', 'PID', 'CMD'], processes: [['root', '42', 'sleep 300']] };
    render(ProcessesTab, { id: 'c1', details: makeDetails({ id: 'c1', name: 'web' }) });
    await waitFor(() => expect(screen.getAllByTestId('top-row')).toHaveLength(1));
    expect(screen.getByTestId('top-table').textContent).toContain('CMD');
    await fireEvent.input(screen.getByTestId('top-ps-args'), {
      target: { value: ' -eo pid,user,args ' },
    });
    await fireEvent.click(screen.getByTestId('top-refresh'));
    await waitFor(() => expect(screen.getByTestId('top-table').textContent).toContain('COMMAND'));
    expect(backend.inside.topCalls.at(-1)).toEqual({ id: 'c1', psArgs: '-eo pid,user,args' });
    expect((await screen.findByTestId('top-command-text')).textContent).toContain(
      'docker top web -eo pid,user,args',
    );
  });

  it('shows the engine’s words when ps refuses the options', async () => {
    backend.inside.top = (_id, psArgs) => {
      if (psArgs) throw new Error('ps: unknown option -- z');
      return { titles: ['PID'], processes: [] };
    };
    render(ProcessesTab, { id: 'c2', details: makeDetails({ id: 'c2', name: 'web' }) });
    await fireEvent.input(screen.getByTestId('top-ps-args'), { target: { value: '-z' } });
    await fireEvent.click(screen.getByTestId('top-refresh'));
    expect((await screen.findByTestId('top-error')).textContent).toContain(
      'ps: unknown option -- z',
    );
  });

  it('says a stopped container has no processes', async () => {
    const before = backend.inside.topCalls.length;
    render(ProcessesTab, {
      id: 'c3',
      details: makeDetails({ id: 'c3', name: 'idle', state: 'exited' }),
    });
    expect((await screen.findByTestId('processes-stopped')).textContent).toContain(
      'Start the container',
    );
    expect(backend.inside.topCalls.length).toBe(before);
  });
});
