// Rollback: explained and shown as its line before anything runs; then the rollout's progress
// until the engine says the previous spec is back.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import { makeServiceRow } from '$lib/testing/fake-services';
import RollbackDialog from './RollbackDialog.svelte';

describe('RollbackDialog', () => {
  it('explains, shows the line, then follows the rollback to its end', async () => {
    const row = makeServiceRow({ id: 'a', name: 'web', updateState: 'completed' });
    const done: string[] = [];
    render(RollbackDialog, {
      service: row,
      onclose: () => {},
      ondone: (name: string, command: string, message: string) =>
        done.push(`${name}|${command}|${message}`),
    });
    expect(screen.getByTestId('service-rollback-dialog').textContent).toContain(
      'spec it had just before',
    );
    await waitFor(() =>
      expect(screen.getByTestId('service-rollback-command-text').textContent).toContain(
        'docker service rollback web',
      ),
    );
    expect(backend.services.rollbacks).toEqual([]);
    await fireEvent.click(screen.getByTestId('service-rollback-confirm'));
    await waitFor(() => expect(backend.services.rollbacks).toEqual(['a']));
    backend.services.updateListener!({
      type: 'data',
      data: {
        state: 'rollback_started',
        message: null,
        replaced: 0,
        total: 2,
        running: 2,
        tasks: [],
      },
    });
    const progress = await screen.findByTestId('service-update-progress');
    await waitFor(() => expect(progress.dataset.state).toBe('rollback_started'));
    backend.services.updateListener!({
      type: 'end',
      end: {
        state: 'rollback_completed',
        message: 'rollback completed',
        stoppedWatching: false,
        command: 'docker service rollback web',
        warnings: [],
      },
    });
    await waitFor(() => expect(progress.dataset.state).toBe('rollback_completed'));
    expect(progress.textContent).toContain('previous spec again');
    expect(done).toEqual(['web|docker service rollback web|rolled back']);
  });
});
