// The stacks list against the fake backend: the empty state explains what a compose project is;
// projects show with running/total and a state dot; the list is read again when the engine says
// containers changed; a chosen project shows its services, files and actions, each action sends
// the project and service and shows the command it equals; "Open in editor" hands the file over.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import { makeProject, makeReplica, makeService } from '$lib/testing/fake-compose-stacks';
import { navigation } from '$lib/navigation.svelte';
import StacksList from './StacksList.svelte';

const shop = () =>
  makeProject({
    name: 'shop',
    running: 2,
    total: 3,
    services: [
      makeService({
        name: 'db',
        containers: [makeReplica({ id: 'd1', name: 'shop-db-1', health: 'healthy' })],
      }),
      makeService({
        name: 'web',
        dependsOn: ['db'],
        containers: [
          makeReplica({
            id: 'w1',
            name: 'shop-web-1',
            ports: [{ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' }],
          }),
          makeReplica({ id: 'w2', name: 'shop-web-2', number: 2, state: 'exited' }),
        ],
      }),
    ],
  });

describe('StacksList', () => {
  it('explains compose projects when there are none, and lists one when it appears', async () => {
    backend.composeStacks.projects = [];
    render(StacksList);
    const empty = await screen.findByTestId('stacks-empty');
    expect(empty.textContent).toContain('docker compose up -d');
    backend.composeStacks.projects = [shop()];
    backend.pushChange({ kinds: ['container'], reconcile: false, containerIds: ['w1'] });
    const row = await screen.findByTestId('stack-row');
    expect(row.dataset.name).toBe('shop');
    expect(within(row).getByTestId('stack-count').textContent).toBe('2/3');
    expect(within(row).getByTestId('stack-dot').dataset.tone).toBe('warn');
  });

  it('shows a project with its services and runs actions with their commands', async () => {
    backend.composeStacks.projects = [shop(), makeProject({ name: 'idle', running: 0 })];
    const opened: [string, string | null][] = [];
    render(StacksList, { onopenfile: (p: string, dir: string | null) => opened.push([p, dir]) });
    const rows = await screen.findAllByTestId('stack-row');
    expect(rows.map((r) => r.dataset.name)).toEqual(['shop', 'idle']);
    expect(within(rows[1]).getByTestId('stack-dot').dataset.tone).toBe('idle');
    await fireEvent.click(rows[0]);

    const detail = await screen.findByTestId('stack-detail');
    const services = within(detail).getAllByTestId('stack-service');
    expect(services.map((s) => s.dataset.name)).toEqual(['db', 'web']);
    const web = services[1];
    expect(
      within(web)
        .getAllByTestId('stack-container')
        .map((c) => c.dataset.name),
    ).toEqual(['shop-web-1', 'shop-web-2']);
    expect(within(web).getAllByTestId('port-link')[0].textContent).toContain('8080');
    expect(within(services[0]).getByTestId('stack-container-health').textContent).toBe('healthy');

    await fireEvent.click(within(web).getByTestId('stack-service-restart'));
    await waitFor(() =>
      expect(backend.composeStacks.actions).toEqual([
        { project: 'shop', service: 'web', action: { kind: 'restart' } },
      ]),
    );
    expect((await screen.findByTestId('stack-action-command-text')).textContent).toContain(
      'docker compose -p shop restart web',
    );
    await fireEvent.click(screen.getByTestId('stack-stop'));
    await waitFor(() =>
      expect(backend.composeStacks.actions.at(-1)).toEqual({
        project: 'shop',
        service: null,
        action: { kind: 'stop' },
      }),
    );

    await fireEvent.click(screen.getByTestId('stack-file-open'));
    expect(opened).toEqual([['/home/me/shop/compose.yaml', '/home/me/shop']]);

    // A stopped replica has no shell to open; a running one opens its details.
    const [first, second] = within(web).getAllByTestId('stack-container-terminal');
    expect(second).toBeDisabled();
    await fireEvent.click(first);
    expect(navigation.take('containers')).toBe('w1');
  });

  it('says why an action failed', async () => {
    backend.composeStacks.projects = [shop()];
    backend.composeStacks.actionError = 'the engine is not reachable';
    render(StacksList);
    await fireEvent.click(await screen.findByTestId('stack-row'));
    await fireEvent.click(screen.getByTestId('stack-start'));
    expect((await screen.findByTestId('stack-action-error')).textContent).toContain(
      'not reachable',
    );
  });
});
