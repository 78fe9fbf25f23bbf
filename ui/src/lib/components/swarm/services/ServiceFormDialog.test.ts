// The service form over the fake backend: the create line follows the fields (an unreadable
// count is named on its field and asks Rust nothing), create sends the typed form; an update
// starts from the spec read back, its line names only what changed, and its rolling progress
// shows until the engine says it completed.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import { makeServiceRow, makeTask } from '$lib/testing/fake-services';
import { newServiceForm } from './serviceDraft';
import ServiceFormDialog from './ServiceFormDialog.svelte';

const type = (testid: string, value: string) =>
  fireEvent.input(screen.getByTestId(testid), { target: { value } });

describe('ServiceFormDialog', () => {
  it('creates a replicated service with a published port from the form', async () => {
    const created: string[] = [];
    render(ServiceFormDialog, {
      onclose: () => {},
      oncreated: (_id: string, name: string, command: string) => created.push(`${name}|${command}`),
    });
    await type('service-form-name', 'web');
    await type('service-form-image', 'busybox:1');
    await type('service-form-command', 'httpd -f -p 80');
    await type('service-form-replicas', 'two');
    await waitFor(() =>
      expect(screen.getByTestId('service-form-blocked').textContent).toContain('Fix the field'),
    );
    const asked = backend.services.previews.length;
    expect(
      screen.getAllByTestId('field-error').find((e) => e.dataset.field === 'replicas')?.textContent,
    ).toContain('“two”');
    expect(backend.services.previews.length).toBe(asked);

    await type('service-form-replicas', '2');
    await fireEvent.click(screen.getByTestId('add-port'));
    await fireEvent.input(screen.getByTestId('port-host'), { target: { value: '18080' } });
    await fireEvent.input(screen.getByTestId('port-container'), { target: { value: '80' } });
    await waitFor(() =>
      expect(screen.getByTestId('service-form-preview-text').textContent).toContain(
        'docker service create --name web --replicas 2 --publish published=18080,target=80,mode=ingress busybox:1 httpd -f -p 80',
      ),
    );
    await waitFor(() => expect(screen.getByTestId('service-form-submit')).toBeEnabled());
    await fireEvent.click(screen.getByTestId('service-form-submit'));
    await waitFor(() => expect(backend.services.creates).toHaveLength(1));
    const f = backend.services.creates[0];
    expect(f.mode).toEqual({ replicated: { replicas: 2 } });
    expect(f.command).toEqual(['httpd', '-f', '-p', '80']);
    expect(f.ports).toEqual([{ published: 18080, target: 80, protocol: 'tcp', mode: 'ingress' }]);
    expect(created[0]).toContain('web|docker service create');
  });

  it('updates from the spec read back, naming only the change, and follows the rollout', async () => {
    const row = makeServiceRow({ id: 'a', name: 'web' });
    backend.services.rows = [row];
    backend.services.forms.a = {
      ...newServiceForm(),
      name: 'web',
      image: 'busybox:1',
      mode: { replicated: { replicas: 3 } },
    };
    const done: string[] = [];
    render(ServiceFormDialog, {
      service: row,
      onclose: () => {},
      ondone: (name: string, _c: string, message: string) => done.push(`${name}:${message}`),
    });
    await waitFor(() =>
      expect((screen.getByTestId('service-form-replicas') as HTMLInputElement).value).toBe('3'),
    );
    expect(await screen.findByTestId('service-form-unchanged')).toBeInTheDocument();
    expect(screen.getByTestId('service-form-submit')).toBeDisabled();

    await fireEvent.click(screen.getByTestId('add-env'));
    const [name] = screen.getAllByLabelText('Variable name');
    const [value] = screen.getAllByLabelText('Value');
    await fireEvent.input(name, { target: { value: 'GREETING' } });
    await fireEvent.input(value, { target: { value: 'ahoy' } });
    await waitFor(() =>
      expect(screen.getByTestId('service-form-preview-text').textContent).toContain(
        'docker service update --env-add GREETING=ahoy web',
      ),
    );
    await waitFor(() => expect(screen.getByTestId('service-form-submit')).toBeEnabled());
    await fireEvent.click(screen.getByTestId('service-form-submit'));
    await waitFor(() => expect(backend.services.updates).toHaveLength(1));
    expect(backend.services.updates[0].form.env).toEqual([['GREETING', 'ahoy']]);

    const push = backend.services.updateListener!;
    push({
      type: 'data',
      data: {
        state: 'updating',
        message: 'update in progress',
        replaced: 1,
        total: 3,
        running: 3,
        tasks: [makeTask()],
      },
    });
    const progress = await screen.findByTestId('service-update-progress');
    await waitFor(() => expect(progress.dataset.state).toBe('updating'));
    expect(screen.getByTestId('service-update-count').textContent).toContain('1 of 3 tasks');
    push({
      type: 'end',
      end: {
        state: 'completed',
        message: 'update completed',
        stoppedWatching: false,
        command: 'docker service update --env-add GREETING=ahoy web',
        warnings: [],
      },
    });
    await waitFor(() => expect(progress.dataset.state).toBe('completed'));
    expect(done).toEqual(['web:updated']);
  });

  it('explains a paused update', async () => {
    const row = makeServiceRow({ id: 'a', name: 'web' });
    backend.services.rows = [row];
    backend.services.forms.a = { ...newServiceForm(), name: 'web', image: 'busybox:1' };
    render(ServiceFormDialog, { service: row, onclose: () => {} });
    await waitFor(() =>
      expect((screen.getByTestId('service-form-image') as HTMLInputElement).value).toBe(
        'busybox:1',
      ),
    );
    await fireEvent.click(screen.getByTestId('add-env'));
    await fireEvent.input(screen.getAllByLabelText('Variable name')[0], { target: { value: 'A' } });
    await waitFor(() => expect(screen.getByTestId('service-form-submit')).toBeEnabled());
    await fireEvent.click(screen.getByTestId('service-form-submit'));
    await waitFor(() => expect(backend.services.updateListener).not.toBeNull());
    backend.services.updateListener!({
      type: 'end',
      end: {
        state: 'paused',
        message: 'update paused due to failure or early termination of task x',
        stoppedWatching: false,
        command: 'docker service update --env-add A= web',
        warnings: [],
      },
    });
    const progress = await screen.findByTestId('service-update-progress');
    await waitFor(() => expect(progress.dataset.state).toBe('paused'));
    expect(progress.textContent).toContain('roll back');
    expect(screen.getByTestId('service-update-message').textContent).toContain('update paused');
  });
});
