import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { ActionPreview, ContainerAction, ContainerRow } from '$lib/ipc/client';

/** Every preview asked for: which action, for which names. */
const asked = vi.hoisted(() => [] as { action: ContainerAction; names: string[] }[]);

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import ActionDialog from './ActionDialog.svelte';
import { backend } from '$lib/testing/fake-client';

backend.client().containers.actionPreview = async (
  action: ContainerAction,
  names: string[],
): Promise<ActionPreview> => {
  asked.push({ action, names });
  const flags =
    action.kind === 'stop' && action.timeoutSecs != null ? ` -t ${action.timeoutSecs}` : '';
  const verb = action.kind === 'rename' ? 'rename' : action.kind;
  const tail = action.kind === 'rename' ? ` ${action.newName}` : '';
  return {
    commands: names.map((n) => `docker ${verb}${flags} ${n}${tail}`),
    problem:
      action.kind === 'rename' && action.newName.includes(' ')
        ? 'new name: only letters, digits and . _ - are allowed'
        : null,
  };
};

function row(id: string, name: string): ContainerRow {
  return {
    id,
    name,
    image: 'busybox',
    command: 'sleep 300',
    createdMs: 1,
    state: 'running',
    status: 'Up 1 minute',
    exitCode: null,
    ports: [],
    composeProject: null,
    composeService: null,
  };
}

describe('the action dialog preview', () => {
  it('asks once for all targets and shows a line for each', async () => {
    asked.length = 0;
    render(ActionDialog, {
      kind: 'stop',
      targets: [row('a', 'web'), row('b', 'db'), row('c', 'cache')],
      onconfirm: vi.fn(),
      onclose: vi.fn(),
    });
    await waitFor(() =>
      expect(screen.getAllByTestId('action-command-text').map((e) => e.textContent)).toEqual([
        '$ docker stop -t 10 web',
        '$ docker stop -t 10 db',
        '$ docker stop -t 10 cache',
      ]),
    );
    expect(asked).toHaveLength(1);
    expect(asked[0].names).toEqual(['web', 'db', 'cache']);
    expect(screen.getByTestId('action-dialog').querySelector('[aria-busy="true"]')).toBeNull();

    await fireEvent.input(screen.getByTestId('stop-timeout'), { target: { value: '3' } });
    await waitFor(() =>
      expect(screen.getAllByTestId('action-command-text')[0]).toHaveTextContent(
        'docker stop -t 3 web',
      ),
    );
    expect(asked).toHaveLength(2);
  });

  it("shows the backend's refusal and keeps the action from being confirmed", async () => {
    asked.length = 0;
    const onconfirm = vi.fn();
    render(ActionDialog, {
      kind: 'rename',
      targets: [row('a', 'web')],
      onconfirm,
      onclose: vi.fn(),
    });
    const input = screen.getByTestId('rename-input');
    await fireEvent.input(input, { target: { value: 'not a name' } });
    const error = await screen.findByTestId('rename-error');
    expect(error).toHaveTextContent('new name: only letters');
    const confirm = screen.getByTestId('action-confirm');
    expect(confirm).toBeDisabled();

    await fireEvent.input(input, { target: { value: 'web2' } });
    await waitFor(() => expect(confirm).toBeEnabled());
    expect(screen.queryByTestId('rename-error')).toBeNull();
    expect(screen.getByTestId('action-command-text')).toHaveTextContent('docker rename web web2');
    await fireEvent.click(confirm);
    expect(onconfirm).toHaveBeenCalledWith({ kind: 'rename', newName: 'web2' });
  });
});
